// 1xx floods: 10 000 `100 Continue` before the final response, over HTTP/1 and HTTP/2. The
// final response pairs with its request as usual; interim responses are kept up to
// maxInterimResponses and the rest counted in a limit-exceeded flag; memory stays bounded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { bytes, calls, Flags, frame, FrameType, MiB, PREFACE, rawEvent, REQUEST_BLOCK, runMeasured, Static } from '../support/fuzz/bomb-inputs.js';

const FLOOD = 10_000;
const GUARD = { timeout: 60_000 };
const HELD_BOUND = 16 * MiB;

test('HTTP/1: 10 000 × 100 Continue, then 200: one exchange, interim kept up to the cap, flagged', GUARD, async () => {
  const flood = bytes('HTTP/1.1 100 Continue\r\n\r\n'.repeat(FLOOD));
  const records: StreamRecord[] = [
    rawEvent(100, 'write', bytes('POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n'), 0),
    ...[...calls(flood)].map((c) => rawEvent(100, 'read', c, 1)),
    rawEvent(100, 'write', bytes('ok'), 2),
    rawEvent(100, 'read', bytes('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone'), 3),
  ];
  const { exchanges, growth } = await runMeasured(records, { http1: { maxInterimResponses: 16 } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.equal(x.request?.method, 'POST');
  assert.equal(x.response?.status, 200);
  assert.equal(x.response?.interim.length, 16);
  assert.ok(x.response!.interim.every((i) => i.status === 100));
  const flag = x.issues.find((i) => i.code === 'limit-exceeded' && i.side === 'response');
  assert.ok(flag, x.issues.map((i) => i.code).join());
  assert.match(flag.detail ?? '', /9984/, 'the dropped interim responses are counted');
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});

test('HTTP/2: 10 000 :status 100 blocks, then 200: one exchange, interim kept up to the cap, flagged', GUARD, async () => {
  const settings = frame(FrameType.SETTINGS, 0, 0, new Uint8Array(0));
  // `:status: 100` as a literal with an indexed name (static 8 = `:status`), without indexing.
  const block100 = Uint8Array.of(0x08, 3, 0x31, 0x30, 0x30);
  function* records(): Generator<StreamRecord> {
    yield rawEvent(200, 'write', Buffer.concat([PREFACE, settings, frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, REQUEST_BLOCK)]), 0, 2);
    yield rawEvent(200, 'read', settings, 1, 4);
    const one = frame(FrameType.HEADERS, Flags.END_HEADERS, 1, block100);
    const batch = Buffer.concat(Array.from({ length: 1000 }, () => one));
    for (let i = 0; i < FLOOD / 1000; i++) yield rawEvent(200, 'read', batch, 2, 4);
    yield rawEvent(200, 'read', frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, Uint8Array.of(Static.status200)), 3, 4);
  }
  const { exchanges, growth } = await runMeasured(records(), { http2: { maxInterimResponses: 16 } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.equal(x.response?.status, 200);
  assert.equal(x.response?.interim.length, 16);
  const flag = x.issues.find((i) => i.code === 'limit-exceeded' && i.side === 'response');
  assert.ok(flag, x.issues.map((i) => i.code).join());
  assert.match(flag.detail ?? '', /9984/);
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});
