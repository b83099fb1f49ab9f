// Bombs through the whole pipeline: 256 MiB of zeros, gzip / br / zstd coded, as an HTTP/1
// response body and as HTTP/2 DATA. Decoding stops at bodyLimits.maxDecodedBytes (flagged
// body-capped, the prefix kept), the wire body is whole (size and sha256 of every byte), and what
// the pipeline holds stays far below what the bomb expands to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import {
  brotliBomb,
  bytes,
  calls,
  Flags,
  frame,
  FrameType,
  gzipBomb,
  literal,
  MiB,
  PREFACE,
  rawEvent,
  REQUEST_BLOCK,
  Static,
  zstdBomb,
  runMeasured,
} from '../support/fuzz/bomb-inputs.js';

const EXPANDS_TO = 256 * MiB;
const DECODED_CAP = 1 * MiB;
/** Generous, yet a quarter of what the bomb expands to. */
const HELD_BOUND = 64 * MiB;
const GUARD = { timeout: 60_000 };

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function http1Records(coding: string, wire: Uint8Array): StreamRecord[] {
  const head = bytes(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\nContent-Length: ${wire.length}\r\n\r\n`);
  return [
    rawEvent(100, 'write', bytes('GET /bomb HTTP/1.1\r\nHost: bomb\r\n\r\n'), 0),
    rawEvent(100, 'read', head, 1),
    ...[...calls(wire)].map((c, i) => rawEvent(100, 'read', c, 2 + i * 0.01)),
  ];
}

function http2Records(coding: string, wire: Uint8Array): StreamRecord[] {
  const settings = frame(FrameType.SETTINGS, 0, 0, new Uint8Array(0));
  const request = frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, REQUEST_BLOCK);
  const response = frame(FrameType.HEADERS, Flags.END_HEADERS, 1, Uint8Array.from([Static.status200, ...literal('content-encoding', coding)]));
  const data: Uint8Array[] = [];
  for (let at = 0; at < wire.length; at += 16_384) {
    const piece = wire.subarray(at, at + 16_384);
    data.push(frame(FrameType.DATA, at + 16_384 >= wire.length ? Flags.END_STREAM : 0, 1, piece));
  }
  return [
    rawEvent(200, 'write', Buffer.concat([PREFACE, settings, request]), 0, 2),
    rawEvent(200, 'read', Buffer.concat([settings, response]), 1, 4),
    ...data.map((d, i) => rawEvent(200, 'read', d, 2 + i * 0.01, 4)),
  ];
}


const bombs: Array<[string, () => Promise<Uint8Array> | Uint8Array]> = [
  ['gzip', () => gzipBomb(EXPANDS_TO)],
  ['br', () => brotliBomb(EXPANDS_TO)],
  ['zstd', () => zstdBomb(EXPANDS_TO)],
];

for (const [coding, build] of bombs) {
  for (const [protocol, toRecords] of [
    ['HTTP/1.1', http1Records],
    ['HTTP/2', http2Records],
  ] as const) {
    test(`${protocol} ${coding} bomb (256 MiB of zeros): decoded to the cap, flagged, wire whole, memory bounded`, GUARD, async () => {
      const wire = await build();
      assert.ok(wire.length < 2 * MiB, 'a bomb: small on the wire');
      const { exchanges, growth } = await runMeasured(toRecords(coding, wire), { bodyLimits: { maxDecodedBytes: DECODED_CAP } });
      assert.equal(exchanges.length, 1);
      const x = exchanges[0]!;
      assert.equal(x.protocol, protocol);
      const body = x.response!.body;
      assert.equal(body.status, 'capped');
      assert.equal(body.wireSize, wire.length);
      assert.equal(body.wireSha256, sha(wire));
      assert.equal(body.decoded?.length, DECODED_CAP);
      assert.ok(body.decoded!.every((b) => b === 0), 'the decoded prefix is the bomb’s zeros');
      assert.deepEqual(body.applied, [coding]);
      assert.ok(x.issues.some((i) => i.code === 'body-capped' && i.side === 'response'));
      assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB at the peak`);
    });
  }
}
