// Events held for reordering are released as soon as stream time has moved the window past them,
// whichever connection moved it: a response is not kept waiting for its own connection's next event
// or for an idle sweep. Sans-IO: StreamAssembler with pushes only (no advance, no end).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { StreamAssembler } from '../../src/stream/stream-assembler.js';
import { rawEvent } from '../support/fuzz/bomb-inputs.js';

let seq = 0;

/** A raw event at `ms` of stream time (the bomb helpers' raw events, numbered). */
function data(pid: number, direction: 'read' | 'write', text: string, ms: number): StreamRecord {
  return { ...rawEvent(pid, direction, new TextEncoder().encode(text), ms), seq: seq++ };
}

const REQUEST = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

function assembler(reorderWindowMs: number): { push: (r: StreamRecord) => void; out: Exchange[] } {
  const out: Exchange[] = [];
  const a = new StreamAssembler({ reorderWindowMs }, (x) => out.push(x));
  return { push: (r) => a.push(r), out };
}

test('a held response goes out once another connection moves stream time past the window', () => {
  const { push, out } = assembler(20);
  push(data(100, 'write', REQUEST, 0));
  push(data(100, 'read', RESPONSE, 1));
  push(data(200, 'write', 'GET /b HTTP/1.1\r\nHost: y\r\n\r\n', 10));
  assert.equal(out.length, 0, 'within the window: still held');
  push(data(200, 'write', 'GET /c HTTP/1.1\r\nHost: y\r\n\r\n', 22));
  assert.deepEqual(out.map((x) => [x.connection.pid, x.request?.target, x.response?.status]), [[100, '/a', 200]]);
});

test('without reordering the exchange goes out with its last event', () => {
  const { push, out } = assembler(0);
  push(data(100, 'write', REQUEST, 0));
  push(data(100, 'read', RESPONSE, 1));
  assert.equal(out.length, 1);
});

test('swapped within the window: request and response of one connection still pair in time order', () => {
  const { push, out } = assembler(20);
  push(data(100, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n', 2));
  push(data(100, 'write', REQUEST, 0));
  push(data(100, 'read', 'done', 3));
  push(data(300, 'write', 'GET /z HTTP/1.1\r\nHost: z\r\n\r\n', 40));
  assert.equal(out.length, 1);
  const x = out[0]!;
  assert.equal(x.request?.target, '/a');
  assert.equal(x.response?.status, 200);
  assert.equal(new TextDecoder().decode(x.response?.body.wire), 'done');
  assert.deepEqual(x.issues.map((i) => i.code), ['scheme-inferred']);
});

test('a response whose timestamp is ten hours ahead is not held until then: its exchange completes with it', () => {
  const { push, out } = assembler(20);
  push(data(300, 'write', 'GET /x HTTP/1.1\r\nHost: w\r\n\r\n', 0));
  push(data(400, 'write', REQUEST, 1));
  push(data(400, 'read', RESPONSE, 10 * 3_600_000)); // a wild clock on this one event
  const mine = out.filter((x) => x.connection.pid === 400);
  assert.deepEqual(mine.map((x) => [x.request?.target, x.response?.status, x.issues.map((i) => i.code)]), [['/a', 200, ['scheme-inferred']]]);
  // The other connection's events are still ordered and released on stream time.
  push(data(300, 'read', RESPONSE, 3));
  push(data(300, 'write', 'GET /y HTTP/1.1\r\nHost: w\r\n\r\n', 40));
  assert.deepEqual(out.filter((x) => x.connection.pid === 300).map((x) => [x.request?.target, x.response?.status]), [['/x', 200]]);
});
