// Floods of things that stay open: 20 000 connections (maxConnections), 5 000 requests that
// never get a response on one connection (raw: maxPipelined; v1: maxPendingExchanges), 5 000
// HTTP/2 streams that never end (raw: maxStreams; v1: maxPendingExchanges), and 6 000 completed
// v1 HTTP/2 streams on one connection (what it remembers of emitted streams is bounded). Every
// request comes out exactly once, those pushed out early are flagged, nothing is invented, and
// memory stays bounded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { StreamAssembler } from '../../src/stream/stream-assembler.js';
import { assembleExchanges } from '../../src/api/assemble-exchanges.js';
import { v1Event, v1Headers } from '../support/fuzz/v1-events.js';
import { bytes, Flags, frame, FrameType, literal, MemoryGauge, MiB, numbered, PREFACE, rawEvent, Static } from '../support/fuzz/bomb-inputs.js';

const GUARD = { timeout: 60_000 };
/** Counts exchanges and the issue codes they carry, keeping only `keep` of them. */
async function drain(records: Iterable<StreamRecord>, options: Parameters<typeof assembleExchanges>[1], keep = (_x: Exchange) => false) {
  const gauge = new MemoryGauge();
  const codes = new Map<string, number>();
  const kept: Exchange[] = [];
  const targets = new Set<string>();
  let count = 0;
  for await (const x of assembleExchanges(numbered(records, gauge), options)) {
    count++;
    if (x.request?.target) targets.add(x.request.target);
    for (const code of new Set(x.issues.map((i) => i.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
    if (keep(x)) kept.push(x);
    if (count % 1024 === 0) await gauge.sampleSettled();
  }
  await gauge.sampleSettled();
  return { count, codes, kept, targets, growth: gauge.peakGrowth };
}

test('20 000 open connections with maxConnections 2 000: never more open, the oldest evicted and flagged, none lost or invented', GUARD, async () => {
  const gauge = new MemoryGauge();
  const emitted: Exchange[] = [];
  const assembler = new StreamAssembler({ maxConnections: 2_000 }, (x) => emitted.push(x));
  let peakOpen = 0;
  for (let i = 0; i < 20_000; i++) {
    assembler.push(rawEvent(10_000 + i, 'write', bytes(`GET /c${i} HTTP/1.1\r\nHost: x\r\n\r\n`), i * 0.01));
    peakOpen = Math.max(peakOpen, assembler.openConnections);
    if (i % 2048 === 0) gauge.sample();
  }
  assembler.end();
  await gauge.sampleSettled();
  assert.equal(peakOpen, 2_000);
  assert.equal(emitted.length, 20_000);
  assert.deepEqual(new Set(emitted.map((x) => x.request?.target)).size, 20_000, 'every request once');
  const evicted = emitted.filter((x) => x.issues.some((i) => i.code === 'connection-evicted'));
  assert.equal(evicted.length, 18_000);
  assert.ok(evicted.every((x) => x.response === undefined && x.issues.some((i) => i.code === 'response-missing')), 'no response invented');
  // The oldest went first: the survivors are the last 2 000.
  assert.deepEqual(
    emitted.filter((x) => !evicted.includes(x)).map((x) => x.request?.target).sort(),
    Array.from({ length: 2_000 }, (_, k) => `/c${18_000 + k}`).sort(),
  );
  assert.ok(gauge.peakGrowth < 64 * MiB, `held ${Math.round(gauge.peakGrowth / MiB)} MiB (20 000 exchanges are kept by the test itself)`);
});

test('raw HTTP/1: 5 000 requests without a response on one connection: maxPipelined open, the rest flagged, none lost', GUARD, async () => {
  function* records(): Generator<StreamRecord> {
    for (let i = 0; i < 5_000; i++) yield rawEvent(100, 'write', bytes(`GET /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`), i * 0.001);
  }
  const { count, codes, targets, growth } = await drain(records(), { http1: { maxPipelined: 64 } });
  assert.equal(count, 5_000);
  assert.equal(targets.size, 5_000);
  assert.equal(codes.get('limit-exceeded'), 5_000 - 64);
  assert.equal(codes.get('response-missing'), 5_000);
  assert.ok(growth < 16 * MiB, `held ${Math.round(growth / MiB)} MiB`);
});

test('v1 HTTP/1: 5 000 requests rendered without a response: maxPendingExchanges open, the rest flagged, none lost', GUARD, async () => {
  function* records(): Generator<StreamRecord> {
    for (let i = 0; i < 5_000; i++) yield v1Event(1, 'write', `GET /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`, i * 0.001);
  }
  const { count, codes, targets, growth } = await drain(records(), { v1: { maxPendingExchanges: 500 } });
  assert.equal(count, 5_000);
  assert.equal(targets.size, 5_000);
  assert.equal(codes.get('limit-exceeded'), 5_000 - 500);
  assert.equal(codes.get('response-missing'), 5_000);
  assert.ok(growth < 16 * MiB, `held ${Math.round(growth / MiB)} MiB`);
});

test('raw HTTP/2: 5 000 streams that never end: maxStreams open, the rest flagged, none lost', GUARD, async () => {
  function* records(): Generator<StreamRecord> {
    yield rawEvent(200, 'write', Buffer.concat([PREFACE, frame(FrameType.SETTINGS, 0, 0, new Uint8Array(0))]), 0, 2);
    for (let i = 0; i < 5_000; i++) {
      const block = Uint8Array.from([Static.methodGet, Static.schemeHttp, ...literal(':path', `/s${i}`), ...literal(':authority', 'x')]);
      yield rawEvent(200, 'write', frame(FrameType.HEADERS, Flags.END_HEADERS, 2 * i + 1, block), i * 0.001, 2);
    }
  }
  const { count, codes, targets, growth } = await drain(records(), { http2: { maxStreams: 500 } });
  assert.equal(count, 5_000);
  assert.equal(targets.size, 5_000);
  assert.equal(codes.get('limit-exceeded'), 5_000 - 500);
  assert.ok(growth < 16 * MiB, `held ${Math.round(growth / MiB)} MiB`);
});

test('v1 HTTP/2: 5 000 streams that never end: maxPendingExchanges open, the rest flagged, none lost', GUARD, async () => {
  function* records(): Generator<StreamRecord> {
    for (let i = 0; i < 5_000; i++) {
      const fields: Array<[string, string]> = [[':method', 'GET'], [':path', `/s${i}`], [':scheme', 'https'], [':authority', 'x']];
      yield v1Event(2, 'write', v1Headers(2 * i + 1, fields), i * 0.001);
    }
  }
  const { count, codes, targets, growth } = await drain(records(), { v1: { maxPendingExchanges: 500 } });
  assert.equal(count, 5_000);
  assert.equal(targets.size, 5_000);
  assert.equal(codes.get('limit-exceeded'), 5_000 - 500);
  assert.ok(growth < 16 * MiB, `held ${Math.round(growth / MiB)} MiB`);
});

test('v1 HTTP/2: 6 000 completed streams on one connection: what is remembered of them stays bounded, ids unique', GUARD, async () => {
  const ids = new Set<string>();
  function* records(): Generator<StreamRecord> {
    for (let i = 0; i < 6_000; i++) {
      const id = 2 * i + 1;
      yield v1Event(2, 'write', v1Headers(id, [[':method', 'GET'], [':path', `/s${i}`], [':scheme', 'https'], [':authority', 'x']]), i * 0.001);
      yield v1Event(4, 'read', v1Headers(id, [[':status', '204']]), i * 0.001);
      // A late dump for an early stream, long forgotten: a second exchange with an id of its own.
      if (i >= 5_000 && i % 200 === 0 && i < 5_800) {
        const early = 2 * ((i - 5_000) / 200) + 1; // streams 1, 3, 5, 7: long forgotten by then
        yield v1Event(4, 'read', v1Headers(early, [[':status', '204']]), i * 0.001);
      }
    }
  }
  const { count, growth } = await drain(records(), {}, (x) => {
    assert.ok(!ids.has(x.id), `duplicate exchange id ${x.id}`);
    ids.add(x.id);
    return false;
  });
  assert.equal(count, 6_004);
  assert.ok(growth < 24 * MiB, `held ${Math.round(growth / MiB)} MiB (the test keeps 6 004 ids itself)`);
});
