// Http2Connection when bytes go missing or are wrong: dropped events, gaps, cut events, a
// capture that begins mid-connection, garbage and HPACK bombs. Decoded fields must be right or
// placeholders, losses named in issues, and nothing may throw or grow without bound.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concat, dataFrame, frame, headersFrames } from './helpers/build-frames.js';
import { clientStart, harness, request, response, ScriptedPeer, serverStart } from './helpers/h2-peer.js';
import { UNKNOWN_FIELD_NAME } from '../../src/http2/hpack/header-field.js';
import type { Exchange, HeaderList } from '../../src/model/exchange.js';
import type { Pairs } from './helpers/hpack-oracle.js';

const codes = (x: Exchange) => x.issues.map((i) => i.code);
const fields = (pseudo?: HeaderList, headers?: HeaderList): Pairs => [...(pseudo ?? []), ...(headers ?? [])];

function assertRightOrPlaceholder(decoded: Pairs, truth: Pairs, label: string): number {
  assert.equal(decoded.length, truth.length, `${label}: field count`);
  let unknown = 0;
  decoded.forEach(([name, value], i) => {
    if (name === UNKNOWN_FIELD_NAME) unknown++;
    else assert.deepEqual([name, value], truth[i], `${label}: field ${i}`);
  });
  return unknown;
}

const shared: Pairs = [['user-agent', 'test/1.0'], ['x-session', 's'.repeat(40)], ['accept', 'application/json']];

test('a dropped client event (skipped stream id): later fields right or placeholders, flagged', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  const lists = [1, 3, 5, 7].map((id) => request(`/r${id}`, [...shared, ['x-id', `id-${id}`]]));
  push('write', concat(clientStart(), client.headers(1, lists[0]!, { endStream: true })));
  client.headers(3, lists[1]!, { endStream: true }); // encoded, never captured
  push('write', client.headers(5, lists[2]!, { endStream: true }));
  push('write', client.headers(7, lists[3]!, { endStream: true }));
  push('read', serverStart());
  for (const id of [1, 3, 5, 7]) push('read', server.headers(id, response(200), { endStream: true }));
  h2.end();
  const byId = new Map(exchanges.map((x) => [x.streamId!, x]));
  assert.deepEqual(fields(byId.get(1)!.request?.pseudoHeaders, byId.get(1)!.request?.headers), lists[0]);
  let unknown = 0;
  for (const id of [5, 7]) {
    const x = byId.get(id)!;
    const n = assertRightOrPlaceholder(fields(x.request?.pseudoHeaders, x.request?.headers), lists[(id - 1) / 2]!, `stream ${id}`);
    if (n > 0) assert.ok(codes(x).includes('hpack-context-lost'));
    unknown += n;
  }
  assert.ok(unknown > 0, 'the lost block shifted indices: placeholders expected');
  const orphan = byId.get(3)!;
  assert.equal(orphan.request, undefined);
  assert.ok(codes(orphan).includes('request-missing'));
  assert.equal(orphan.response?.status, 200);
});

test('a gap: open streams flagged and truncated; both tables unknown afterwards', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/a', shared), { endStream: true })));
  push('read', concat(serverStart(), server.headers(1, response(200, [['x-srv', 'v1']])), dataFrame(1, Buffer.from('part'))));
  h2.gap();
  const second = request('/b', shared);
  push('write', client.headers(3, second, { endStream: true }));
  push('read', concat(dataFrame(1, Buffer.from('rest'), { endStream: true })));
  push('read', server.headers(3, response(200, [['x-srv', 'v1']]), { endStream: true }));
  h2.end();
  const first = exchanges.find((x) => x.streamId === 1)!;
  assert.ok(codes(first).includes('gap'));
  assert.equal(first.response?.body.status, 'truncated');
  const later = exchanges.find((x) => x.streamId === 3)!;
  assert.ok(assertRightOrPlaceholder(fields(later.request?.pseudoHeaders, later.request?.headers), second, 'after gap') > 0);
  assert.ok(codes(later).includes('hpack-context-lost'));
});

test('a lost response block (DATA before HEADERS): headers-lost, and the server table is unknown after it', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/1'), { endStream: true }), client.headers(3, request('/3'), { endStream: true })));
  push('read', serverStart());
  server.headers(1, response(200, [['x-big', 'b'.repeat(30)]])); // lost
  push('read', dataFrame(1, Buffer.from('one'), { endStream: true }));
  push('read', server.headers(3, response(200, [['x-big', 'b'.repeat(30)]]), { endStream: true }));
  h2.end();
  const one = exchanges.find((x) => x.streamId === 1)!;
  assert.ok(one.issues.some((i) => i.code === 'headers-lost' && i.side === 'response'));
  assert.equal(one.response?.status, 0);
  assert.equal(one.response?.body.status, 'truncated');
  const three = exchanges.find((x) => x.streamId === 3)!;
  assert.deepEqual(fields(three.response?.pseudoHeaders, three.response?.headers), [
    [':status', '200'],
    [UNKNOWN_FIELD_NAME, ''],
  ]);
});

test('capture starting mid-connection: DATA of an earlier stream first, then new streams', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  client.headers(1, request('/early', shared));
  server.headers(1, response(200, [['x-srv', 'early']]));
  // The capture starts here.
  push('read', dataFrame(1, Buffer.from('tail of a response'), { endStream: true }));
  const late = request('/late', shared);
  push('write', client.headers(3, late, { endStream: true }));
  push('read', server.headers(3, response(200, [['x-srv', 'early']]), { endStream: true }));
  h2.end();
  const early = exchanges.find((x) => x.streamId === 1)!;
  assert.ok(codes(early).includes('mid-stream-start'));
  assert.equal(early.request, undefined);
  assert.equal(early.response?.status, 0);
  assert.equal(early.response?.body.status, 'truncated');
  const x = exchanges.find((e) => e.streamId === 3)!;
  assertRightOrPlaceholder(fields(x.request?.pseudoHeaders, x.request?.headers), late, 'late request');
  assert.equal(x.request?.method, 'GET');
  assert.equal(x.response?.status, 200);
});

test('an event cut at 16 KiB: the stream whose frame was cut is flagged capture-truncated', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/big'), { endStream: true }), client.headers(3, request('/next'), { endStream: true })));
  const big = concat(server.headers(1, response(200)), dataFrame(1, new Uint8Array(30_000).fill(1), { endStream: true }));
  push('read', serverStart());
  push('read', big.subarray(0, 16384), { possiblyTruncated: true });
  push('read', server.headers(3, response(404), { endStream: true }));
  h2.end();
  const cut = exchanges.find((x) => x.streamId === 1)!;
  assert.ok(codes(cut).includes('capture-truncated'), codes(cut).join());
  assert.equal(cut.response?.body.status, 'truncated');
  assert.equal(exchanges.find((x) => x.streamId === 3)?.response?.status, 404);
});

test('a garbage header block: headers-lost with the fields before the damage, later blocks never wrong', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/ok', shared), { endStream: true })));
  push('write', headersFrames(3, Uint8Array.of(0x82, 0x87, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x0f), { endStream: true }));
  const third = request('/after', shared);
  push('write', client.headers(5, third, { endStream: true }));
  h2.end();
  const bad = exchanges.find((x) => x.streamId === 3)!;
  assert.ok(bad.issues.some((i) => i.code === 'headers-lost' && i.detail?.startsWith('integer-overflow')), JSON.stringify(bad.issues));
  assert.deepEqual(bad.request?.pseudoHeaders, [
    [':method', 'GET'],
    [':scheme', 'https'],
  ]);
  const after = exchanges.find((x) => x.streamId === 5)!;
  assertRightOrPlaceholder(fields(after.request?.pseudoHeaders, after.request?.headers), third, 'after the damage');
});

test('an HPACK bomb in one HEADERS frame stays within the caps and is flagged', () => {
  const { push, exchanges, h2 } = harness({ maxHeaderFields: 100, hpackTableCap: 4096 });
  const sizeUpdate = [0x3f, 0xe1, 0xff, 0xff, 0x03]; // a table size far above the cap
  const block = new Uint8Array(sizeUpdate.length + 200_000);
  block.set(sizeUpdate);
  block.fill(0x82, sizeUpdate.length);
  push('write', concat(clientStart(), headersFrames(1, block, { endStream: true, splitAt: [16000, 32000, 48000, 64000, 80000, 96000, 112000, 128000, 144000, 160000, 176000, 192000] })));
  h2.end();
  const x = exchanges[0]!;
  assert.equal(x.request?.pseudoHeaders?.length, 100);
  assert.ok(x.issues.some((i) => i.code === 'limit-exceeded' && i.detail?.includes('header-fields')));
});

test('garbage on both directions and absurd frame lengths: no throw, no invented exchange', () => {
  let seed = 99;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let run = 0; run < 50; run++) {
    const { push, exchanges, h2 } = harness({ maxPendingBytes: 1 << 16 });
    for (let i = 0; i < 20; i++) {
      const bytes = Uint8Array.from({ length: next() % 3000 }, () => next() % 256);
      push(next() % 2 ? 'write' : 'read', bytes, { eventStart: next() % 2 === 0 });
      if (next() % 10 === 0) h2.gap();
      if (next() % 7 === 0) h2.advance(next());
    }
    push('write', frame(0x0, 0, 1, new Uint8Array(0)).map((b, i) => (i < 3 ? 0xff : b)));
    h2.end();
    for (const x of exchanges) {
      // Whatever came out of noise must say what it lacks.
      assert.ok(x.issues.length > 0, JSON.stringify(x.issues));
    }
  }
});

test('no direction tells which side is the client: emitted, flagged ambiguous-connection', () => {
  const { push, exchanges, h2, info } = harness();
  push('write', dataFrame(1, Buffer.from('a'), { endStream: true }));
  push('read', dataFrame(1, Buffer.from('b'), { endStream: true }));
  h2.end();
  assert.equal(exchanges.length, 1);
  assert.ok(codes(exchanges[0]!).includes('ambiguous-connection'));
  assert.ok(codes(exchanges[0]!).includes('mid-stream-start'));
  assert.equal(info.hooked, 'unknown');
});
