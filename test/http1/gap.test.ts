// gap(): bytes may be missing on both directions. The message a lost event cut is emitted with
// what it had (flagged), both readers resync on the next start line, and later pairs are exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Http1Connection } from '../../src/http1/connection.js';
import type { Exchange } from '../../src/model/exchange.js';
import { runTap, type TapCapture } from '../support/tap/index.js';
import { codes, instantOf } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

const BIG = randomBytes(200_000);

async function threeDownloads(): Promise<TapCapture> {
  return runTap({
    protocol: 'http1',
    server: (req, res) => void res.end(req.url === '/big' ? BIG : `small ${req.url}`),
    client: async (c) => {
      await c.request({ path: '/first' });
      await c.request({ path: '/big' });
      await c.request({ path: '/third' });
    },
  });
}

function replay(cap: TapCapture, onCall: (index: number) => 'feed' | 'gap-and-drop' | 'gap-then-feed'): Exchange[] {
  const out: Exchange[] = [];
  const conn = new Http1Connection({ id: 'c', pid: 1, comm: 'node', hooked: 'unknown' }, 'raw', {}, (x) => out.push(x));
  cap.calls({ side: 'client' }).forEach((call, i) => {
    if (call.kind !== 'data') return;
    const action = onCall(i);
    if (action !== 'feed') conn.gap();
    if (action === 'gap-and-drop') return;
    conn.push(call.direction, call.data, instantOf(call));
  });
  conn.end();
  return out;
}

test('an event lost inside a body: that body is truncated and flagged, the next exchange is exact', async () => {
  const cap = await threeDownloads();
  const calls = cap.calls({ side: 'client' });
  const bigReads = calls.flatMap((c, i) => (c.kind === 'data' && c.direction === 'read' && c.data.length > 1000 ? [i] : []));
  assert.ok(bigReads.length >= 3, 'the big body came in several reads');
  const lost = bigReads[1]!;
  const out = replay(cap, (i) => (i === lost ? 'gap-and-drop' : 'feed'));
  assert.deepEqual(out.map((x) => x.request?.target), ['/first', '/big', '/third']);
  assertMatchesTruth(out[0]!, cap.truth[0]!);
  const big = out[1]!;
  assert.equal(big.response!.body.status, 'truncated');
  assert.ok(big.response!.body.wireSize < BIG.length);
  assert.ok(codes(big).includes('gap'));
  assert.ok(codes(big).includes('body-truncated'));
  assertMatchesTruth(out[2]!, cap.truth[2]!, false);
  assert.ok(codes(out[2]!).includes('resync'), 'the skipped rest of the big body is reported');
});

test('a gap where nothing was lost, between exchanges: everything still exact', async () => {
  const cap = await threeDownloads();
  const firstWriteOfThird = cap.calls({ side: 'client' }).findIndex((c) => c.kind === 'data' && Buffer.from(c.data).includes('GET /third'));
  const out = replay(cap, (i) => (i === firstWriteOfThird ? 'gap-then-feed' : 'feed'));
  assert.equal(out.length, 3);
  out.forEach((x, i) => assertMatchesTruth(x, cap.truth[i]!));
});

test('a gap that swallowed a whole exchange: later pairs stay aligned', async () => {
  const cap = await threeDownloads();
  const calls = cap.calls({ side: 'client' });
  const bigStart = calls.findIndex((c) => c.kind === 'data' && Buffer.from(c.data).includes('GET /big'));
  const thirdStart = calls.findIndex((c) => c.kind === 'data' && Buffer.from(c.data).includes('GET /third'));
  const out = replay(cap, (i) => (i === bigStart ? 'gap-and-drop' : i > bigStart && i < thirdStart ? 'gap-and-drop' : 'feed'));
  assert.deepEqual(out.map((x) => x.request?.target), ['/first', '/third']);
  assertMatchesTruth(out[0]!, cap.truth[0]!);
  assertMatchesTruth(out[1]!, cap.truth[2]!, false);
});
