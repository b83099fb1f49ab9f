// Header bombs: 100 000 header lines in an HTTP/1 head and in its trailers; an HTTP/2 header
// block of 10 MiB (HEADERS + CONTINUATION); 100 000 fields in one HTTP/2 block; an HPACK dynamic
// table size update to 2^30 followed by 5 000 insertions of 4 KiB; 10 000 trailer blocks on one
// HTTP/2 stream. Each is cut at its limit (maxHeaderSize, maxPendingBytes, maxHeaderFields,
// hpackTableCap, …), flagged, and what the pipeline holds stays bounded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleExchanges } from '../../src/api/assemble-exchanges.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import {
  bytes,
  calls,
  Flags,
  frame,
  FrameType,
  literal,
  hpackString,
  MiB,
  PREFACE,
  rawEvent,
  REQUEST_BLOCK,
  sizeUpdate,
  Static,
  MemoryGauge,
  numbered,
  runMeasured,
} from '../support/fuzz/bomb-inputs.js';

const GUARD = { timeout: 60_000 };
const HELD_BOUND = 16 * MiB;


const codes = (x: Exchange): string[] => x.issues.map((i) => `${i.code}/${i.side ?? ''}`);
const settings = frame(FrameType.SETTINGS, 0, 0, new Uint8Array(0));

test('HTTP/1: a request head of 100 000 header lines is refused at maxHeaderSize, flagged; the next exchange is exact', GUARD, async () => {
  const flood = `GET /flood HTTP/1.1\r\nHost: x\r\n${'X-Flood: 0123456789\r\n'.repeat(100_000)}\r\n`;
  const records = [
    ...[...calls(bytes(flood))].map((c) => rawEvent(100, 'write', c, 0)),
    rawEvent(100, 'read', bytes('HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n\r\n'), 1),
    rawEvent(100, 'write', bytes('GET /after HTTP/1.1\r\nHost: x\r\n\r\n'), 2),
    rawEvent(100, 'read', bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 3),
  ];
  const { exchanges, growth } = await runMeasured(records);
  assert.ok(exchanges.every((x) => (x.request?.headers.length ?? 0) < 10_000), 'no head of 100 000 lines was kept');
  const flagged = exchanges.filter((x) => x.issues.some((i) => i.code === 'limit-exceeded' || i.code === 'parse-error'));
  assert.ok(flagged.length > 0, exchanges.map((x) => codes(x).join()).join(' | '));
  const after = exchanges.find((x) => x.request?.target === '/after');
  assert.equal(after?.response?.status, 200);
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});

test('HTTP/1: a chunked body followed by 100 000 trailer lines: cut at the limit, flagged, bounded', GUARD, async () => {
  const trailers = `0\r\n${'X-Trailer: 0123456789\r\n'.repeat(100_000)}\r\n`;
  const records = [
    rawEvent(100, 'write', bytes('GET /t HTTP/1.1\r\nHost: x\r\n\r\n'), 0),
    rawEvent(100, 'read', bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'), 1),
    ...[...calls(bytes(trailers))].map((c) => rawEvent(100, 'read', c, 2)),
  ];
  const { exchanges, growth } = await runMeasured(records);
  assert.ok(exchanges.length >= 1);
  const x = exchanges.find((e) => e.request?.target === '/t')!;
  assert.ok((x.response?.trailers?.length ?? 0) < 10_000, `kept ${x.response?.trailers?.length} trailer fields`);
  assert.ok(exchanges.some((e) => e.issues.some((i) => ['limit-exceeded', 'parse-error', 'body-truncated'].includes(i.code))), exchanges.map((e) => codes(e).join()).join(' | '));
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});

test('HTTP/2: a 10 MiB header block (HEADERS + CONTINUATION) is not gathered past maxPendingBytes; flagged', GUARD, async () => {
  const piece = Uint8Array.from(literal('x-flood', 'v'.repeat(16_000)));
  const frames: Uint8Array[] = [frame(FrameType.HEADERS, 0, 1, REQUEST_BLOCK)];
  for (let i = 0; i < 640; i++) frames.push(frame(FrameType.CONTINUATION, i === 639 ? Flags.END_HEADERS : 0, 1, piece));
  function* records(): Generator<StreamRecord> {
    yield rawEvent(200, 'write', Buffer.concat([PREFACE, settings]), 0, 2);
    for (const f of frames) yield rawEvent(200, 'write', f, 1, 2);
    yield rawEvent(200, 'read', Buffer.concat([settings, frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, Uint8Array.of(Static.status200))]), 2, 4);
  }
  const { exchanges, growth } = await runMeasured(records(), { http2: { maxPendingBytes: 1 * MiB } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.ok(x.issues.some((i) => i.code === 'headers-lost' || i.code === 'limit-exceeded'), codes(x).join());
  assert.equal(x.response?.status, 200);
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});

test('HTTP/2: 100 000 fields in one header block: maxHeaderFields kept, the rest counted and flagged', GUARD, async () => {
  const block = Uint8Array.from([Static.status200, ...Array.from({ length: 100_000 }, () => literal('x', 'y')).flat()]);
  const records = [
    rawEvent(200, 'write', Buffer.concat([PREFACE, settings, frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, REQUEST_BLOCK)]), 0, 2),
    rawEvent(200, 'read', settings, 1, 4),
    ...[...calls(frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, block))].map((c) => rawEvent(200, 'read', c, 2, 4)),
  ];
  const { exchanges, growth } = await runMeasured(records, { http2: { maxHeaderFields: 500, maxPendingBytes: 2 * MiB } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.equal(x.response?.status, 200);
  assert.ok((x.response?.headers.length ?? 0) < 500);
  assert.ok(x.issues.some((i) => i.code === 'limit-exceeded' && i.side === 'response'), codes(x).join());
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});

test('HPACK: a table size update to 2^30 then 5 000 insertions of 4 KiB: the table stays at hpackTableCap', GUARD, async () => {
  const big = 'v'.repeat(4096);
  const bigValue = Uint8Array.from(hpackString(big));
  const bigField = (i: number): Uint8Array => Buffer.concat([Uint8Array.from([0x40, ...hpackString(`x-bomb-${i}`)]), bigValue]);
  function* records(): Generator<StreamRecord> {
    yield rawEvent(200, 'write', Buffer.concat([PREFACE, settings]), 0, 2);
    yield rawEvent(200, 'read', settings, 0, 4);
    for (let i = 0; i < 5_000; i++) {
      const id = 2 * i + 1;
      const request = Buffer.concat([Uint8Array.from(i === 0 ? sizeUpdate(2 ** 30) : []), REQUEST_BLOCK, bigField(i)]);
      yield rawEvent(200, 'write', frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, id, request), 1 + i * 0.001, 2);
      yield rawEvent(200, 'read', frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, id, Uint8Array.of(Static.status200)), 1 + i * 0.001, 4);
    }
  }
  // Counted as they pass, three kept: the 5 000 exchanges would otherwise be what memory holds.
  const gauge = new MemoryGauge();
  const kept = new Map<number, Exchange>();
  let count = 0;
  for await (const x of assembleExchanges(numbered(records(), gauge), { http2: { hpackTableCap: 64 * 1024 } })) {
    if ([0, 2_500, 4_999].includes(count)) kept.set(count, x);
    count++;
  }
  await gauge.sampleSettled();
  assert.equal(count, 5_000);
  // Literal fields are exact whatever the table does; the table itself had to stay small.
  for (const [i, x] of kept) {
    assert.deepEqual(x.request?.headers.find(([n]) => n.startsWith('x-bomb-')), [`x-bomb-${i}`, big]);
    assert.deepEqual(x.issues, []);
  }
  assert.ok(gauge.peakGrowth < HELD_BOUND, `held ${Math.round(gauge.peakGrowth / MiB)} MiB while 20 MiB of header values went by`);
});

test('HTTP/2: 10 000 trailer blocks on one stream: bounded, flagged, and no quadratic copying', GUARD, async () => {
  function* records(): Generator<StreamRecord> {
    yield rawEvent(200, 'write', Buffer.concat([PREFACE, settings, frame(FrameType.HEADERS, Flags.END_HEADERS | Flags.END_STREAM, 1, REQUEST_BLOCK)]), 0, 2);
    yield rawEvent(200, 'read', Buffer.concat([settings, frame(FrameType.HEADERS, Flags.END_HEADERS, 1, Uint8Array.of(Static.status200)), frame(FrameType.DATA, 0, 1, bytes('x'))]), 1, 4);
    const trailer = Uint8Array.from(Array.from({ length: 10 }, (_, k) => literal(`x-t${k}`, 'v')).flat());
    for (let i = 0; i < 10_000; i++) yield rawEvent(200, 'read', frame(FrameType.HEADERS, Flags.END_HEADERS | (i === 9_999 ? Flags.END_STREAM : 0), 1, trailer), 2, 4);
  }
  const { exchanges, growth } = await runMeasured(records(), { http2: { maxHeaderFields: 1000 } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.ok((x.response?.trailers?.length ?? 0) <= 1000, `kept ${x.response?.trailers?.length} trailer fields`);
  assert.ok(x.issues.some((i) => i.code === 'limit-exceeded' && i.side === 'response'), codes(x).join());
  assert.ok(growth < HELD_BOUND, `held ${Math.round(growth / MiB)} MiB`);
});
