// Regression tests for what the reported-loss fuzz found in HTTP/1 pairing (src/http1/pairing.ts,
// connection.ts): after a gap, a pair is either right or flagged, never silently wrong.
// - A response lost, the next request arriving after the gap: the waiting request looked like
//   pipelining, FIFO paired every later request with the previous one's response, unflagged.
// - Both sides lost bytes: the first response after the gap may answer a lost request.
// - A FIFO guess on a pipelining connection: every later pair shares its doubt.
// - An exchange waiting for its response when the gap comes is flagged `gap`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Http1Connection } from '../../src/http1/connection.js';
import type { Exchange, Instant } from '../../src/model/exchange.js';

const encoder = new TextEncoder();

type Step = ['write' | 'read', string] | ['gap'];

function feed(steps: Step[]): Exchange[] {
  const out: Exchange[] = [];
  const conn = new Http1Connection({ id: 'c', pid: 1, comm: 'test', hooked: 'unknown' }, 'raw', {}, (x) => out.push(x));
  steps.forEach((step, i) => {
    const at: Instant = { ms: 1_000 + i, anchored: true, approximate: false };
    if (step[0] === 'gap') conn.gap();
    else conn.push(step[0], encoder.encode(step[1]), at);
  });
  conn.end();
  return out;
}

const request = (path: string): Step => ['write', `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`];
const response = (path: string): Step => ['read', `HTTP/1.1 200 OK\r\nContent-Length: ${path.length}\r\n\r\n${path}`];
const answer = (x: Exchange): string | undefined => (x.response?.body.wire ? Buffer.from(x.response.body.wire).toString() : undefined);
const codes = (x: Exchange): string[] => x.issues.map((i) => i.code);

/** Every exchange either pairs a request with its own response, or says it may not. */
function assertRightOrFlagged(xs: Exchange[]): void {
  for (const x of xs) {
    if (!x.request || !x.response) continue;
    if (answer(x) === x.request.target) continue;
    assert.ok(codes(x).includes('order-based-pairing'), `${x.request.target} got ${answer(x)} unflagged: ${codes(x).join()}`);
  }
}

test('a response lost before the next request: each later request keeps its own response', () => {
  const xs = feed([request('/a'), ['gap'], request('/b'), response('/b'), request('/c'), response('/c'), request('/d'), response('/d')]);
  assertRightOrFlagged(xs);
  const byTarget = new Map(xs.map((x) => [x.request?.target, x]));
  assert.equal(byTarget.get('/a')?.response, undefined);
  assert.ok(codes(byTarget.get('/a')!).includes('response-missing') && codes(byTarget.get('/a')!).includes('gap'));
  for (const path of ['/b', '/c', '/d']) assert.equal(answer(byTarget.get(path)!), path, `${path} paired with its own response`);
  assert.ok(!codes(byTarget.get('/c')!).includes('order-based-pairing') && !codes(byTarget.get('/d')!).includes('order-based-pairing'), 'later pairs are exact');
});

test('both sides lost bytes at a gap: the first pair after it is flagged', () => {
  const xs = feed([request('/a'), response('/a'), request('/b'), ['gap'], response('/c'), request('/d'), response('/d')]);
  assertRightOrFlagged(xs);
  const d = xs.find((x) => x.request?.target === '/d')!;
  assert.equal(answer(d), '/d');
  assert.ok(!codes(d).includes('order-based-pairing'));
});

test('a FIFO guess on a pipelining connection: every later pair is flagged too', () => {
  const pipelined: Step = ['write', ['/a', '/b', '/c'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')];
  const xs = feed([pipelined, response('/a'), ['gap'], response('/c'), request('/d'), response('/d'), request('/e'), response('/e')]);
  assertRightOrFlagged(xs);
  const a = xs.find((x) => x.request?.target === '/a')!;
  assert.equal(answer(a), '/a');
});

test('an exchange waiting for its response when a gap comes is flagged gap, and still paired', () => {
  const xs = feed([request('/a'), ['gap'], response('/a')]);
  assert.equal(xs.length, 1);
  assert.equal(answer(xs[0]!), '/a');
  assert.ok(codes(xs[0]!).includes('gap'));
});
