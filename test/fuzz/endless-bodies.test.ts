// Bodies that never end, and lengths that lie: tens of MiB of chunks (HTTP/1) or DATA (HTTP/2)
// with no end, a Content-Length of 10^14, a frame header declaring 16 MiB. The wire body is kept
// up to maxBodyBytes while its size and sha256 count every byte; nothing is allocated for what a
// header merely declares; the cut body is flagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { bytes, Flags, frame, FrameType, KiB, MiB, PREFACE, rawEvent, REQUEST_BLOCK, Static, runMeasured } from '../support/fuzz/bomb-inputs.js';

const KEEP = 1 * MiB;
const TOTAL = 40 * MiB;
const HELD_BOUND = 16 * MiB;
const GUARD = { timeout: 60_000 };


/** Deterministic body bytes, generated piece by piece (never all in memory), and their sha256. */
function bodyPiece(index: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (index * 31 + i * 7) & 0xff;
  return out;
}

test('HTTP/1 chunked body of 40 MiB that never ends: 1 MiB kept, size and sha256 of all 40, flagged', GUARD, async () => {
  const piece = 64 * KiB;
  const hash = createHash('sha256');
  function* records(): Generator<StreamRecord> {
    yield rawEvent(100, 'write', bytes('GET /endless HTTP/1.1\r\nHost: x\r\n\r\n'), 0);
    yield rawEvent(100, 'read', bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), 1);
    for (let i = 0; i < TOTAL / piece; i++) {
      const data = bodyPiece(i, piece);
      hash.update(data);
      yield rawEvent(100, 'read', Buffer.concat([bytes(`${piece.toString(16)}\r\n`), data, bytes('\r\n')]), 2 + i * 0.01);
    }
  }
  const { exchanges, growth } = await runMeasured(records(), { http1: { maxBodyBytes: KEEP } });
  assert.equal(exchanges.length, 1);
  const body = exchanges[0]!.response!.body;
  assert.equal(body.wireSize, TOTAL);
  assert.equal(body.wireSha256, hash.digest('hex'));
  assert.equal(body.wire?.length, KEEP);
  assert.deepEqual(body.wire!.subarray(0, 16), bodyPiece(0, 16));
  assert.equal(body.status, 'truncated', 'no last chunk: the body did not end in the capture');
  const codes = exchanges[0]!.issues.map((i) => i.code);
  assert.ok(codes.includes('body-truncated') && codes.includes('end-of-input'), codes.join());
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB at the peak`);
});

test('HTTP/2 DATA of 40 MiB on a stream that never ends: 1 MiB kept, size and sha256 of all 40, flagged', GUARD, async () => {
  const hash = createHash('sha256');
  function* records(): Generator<StreamRecord> {
    const settings = frame(FrameType.SETTINGS, 0, 0, new Uint8Array(0));
    yield rawEvent(200, 'write', Buffer.concat([PREFACE, settings, frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, REQUEST_BLOCK)]), 0, 2);
    yield rawEvent(200, 'read', Buffer.concat([settings, frame(FrameType.HEADERS, Flags.END_HEADERS, 1, Uint8Array.of(Static.status200))]), 1, 4);
    const size = 16 * KiB;
    for (let i = 0; i < TOTAL / size; i++) {
      const data = bodyPiece(i, size);
      hash.update(data);
      yield rawEvent(200, 'read', frame(FrameType.DATA, 0, 1, data), 2 + i * 0.01, 4);
    }
  }
  const { exchanges, growth } = await runMeasured(records(), { http2: { maxBodyBytes: KEEP } });
  assert.equal(exchanges.length, 1);
  const body = exchanges[0]!.response!.body;
  assert.equal(body.wireSize, TOTAL);
  assert.equal(body.wireSha256, hash.digest('hex'));
  assert.equal(body.wire?.length, KEEP);
  assert.notEqual(body.status, 'complete');
  assert.ok(exchanges[0]!.issues.some((i) => i.code === 'end-of-input'));
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB at the peak`);
});

test('Content-Length: 10^14 with 10 bytes sent: nothing allocated for the claim, the body is truncated', GUARD, async () => {
  const { exchanges, growth } = await runMeasured(
    [
      rawEvent(100, 'write', bytes('GET /liar HTTP/1.1\r\nHost: x\r\n\r\n'), 0),
      rawEvent(100, 'read', bytes('HTTP/1.1 200 OK\r\nContent-Length: 100000000000000\r\n\r\n0123456789'), 1),
    ],
    {},
  );
  assert.equal(exchanges.length, 1);
  const body = exchanges[0]!.response!.body;
  assert.equal(body.wireSize, 10);
  assert.equal(body.status, 'truncated');
  assert.ok(exchanges[0]!.issues.some((i) => i.code === 'body-truncated'));
  assert.ok(growth < 8 * MiB);
});

test('an HTTP/2 frame header declaring 16 MiB, then 100 bytes and the end: flagged, nothing allocated for the claim', GUARD, async () => {
  const settings = frame(FrameType.SETTINGS, 0, 0, new Uint8Array(0));
  const request = rawEvent(200, 'write', Buffer.concat([PREFACE, settings, frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, REQUEST_BLOCK)]), 0, 2);
  const response = Buffer.concat([settings, frame(FrameType.HEADERS, Flags.END_HEADERS, 1, Uint8Array.of(Static.status200))]);
  for (const [name, type] of [
    ['DATA', FrameType.DATA],
    ['HEADERS', FrameType.HEADERS],
    ['SETTINGS', FrameType.SETTINGS],
  ] as const) {
    const lying = frame(type, 0, type === FrameType.SETTINGS ? 0 : 1, bodyPiece(1, 100), 0xffffff);
    // In its own event after the response head (the reader is in step), and in the same event
    // as the server's first frames (the reader is still judging whether these are frames at all).
    for (const records of [
      [request, rawEvent(200, 'read', response, 1, 4), rawEvent(200, 'read', lying, 2, 4)],
      [request, rawEvent(200, 'read', Buffer.concat([response, lying]), 1, 4)],
    ]) {
      const { exchanges, growth } = await runMeasured(records, {});
      const where = `${name}, ${records.length === 3 ? 'own event' : 'first event'}`;
      assert.equal(exchanges.length, 1, where);
      const x = exchanges[0]!;
      if (records.length === 3) assert.equal(x.response?.status, 200, where);
      assert.ok(x.issues.some((i) => ['parse-error', 'capture-truncated', 'end-of-input', 'resync', 'headers-lost'].includes(i.code)), `${where}: ${x.issues.map((i) => i.code).join()}`);
      assert.ok(growth < 8 * MiB, `${where}: held ${Math.round(growth / MiB)} MiB`);
    }
  }
});
