// Capture started mid-connection: the first bytes of a direction are the middle of a message, or
// whole earlier messages are missing. Nothing is fabricated; what is emitted is flagged or exact,
// and pairing is right from the first complete exchange on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap, type TapCapture } from '../support/tap/index.js';
import { codes, feedCalls } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

async function fourExchanges(): Promise<TapCapture> {
  return runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      if (req.url === '/2') res.end('B'.repeat(6000));
      else res.end(`${req.url}:${body.length}`);
    },
    client: async (c) => {
      await c.request({ method: 'POST', path: '/1', body: 'a'.repeat(2000) });
      await c.request({ path: '/2' });
      await c.request({ method: 'POST', path: '/3', body: 'GET /fake HTTP/1.1\r\nHost: x\r\n\r\n' });
      await c.request({ path: '/4' });
    },
  });
}

function dataBefore(cap: TapCapture, index: number): number {
  return cap.chunks.slice(0, index).reduce((n, c) => n + (c.kind === 'data' ? c.data.length : 0), 0);
}

test('capture starts in the middle of a response body: cut exchange dropped, later ones exact', async () => {
  const cap = await fourExchanges();
  const at = cap.chunks.findIndex((c) => c.kind === 'data' && c.from === 'server' && Buffer.from(c.data).includes('BBBB'));
  const chunk = cap.chunks[at]!;
  assert.ok(chunk.kind === 'data');
  const into = Buffer.from(chunk.data).indexOf('BBBB') + 100;
  const fed = feedCalls(cap.calls({ side: 'client', startAfterBytes: dataBefore(cap, at) + into }));
  assert.deepEqual(
    fed.exchanges.map((x) => x.request?.target),
    ['/3', '/4'],
    'the cut exchange is not fabricated',
  );
  assertMatchesTruth(fed.exchanges[0]!, cap.truth[2]!, false);
  const first = fed.exchanges[0]!;
  assert.ok(first.issues.some((i) => i.code === 'mid-stream-start' && i.side === 'response'), JSON.stringify(first.issues));
  assertMatchesTruth(fed.exchanges[1]!, cap.truth[3]!);
});

test('capture starts after the first request was sent: its response stands alone, later pairs align', async () => {
  const cap = await fourExchanges();
  const firstClientChunk = cap.chunks.findIndex((c) => c.kind === 'data' && c.from === 'client');
  const firstServerChunk = cap.chunks.findIndex((c) => c.kind === 'data' && c.from === 'server');
  assert.ok(firstClientChunk < firstServerChunk);
  // Drop exactly the chunks of request /1 (everything the client sent before the first response).
  const drop = cap.chunks.slice(0, firstServerChunk).filter((c) => c.kind === 'data').length;
  const fed = feedCalls(cap.calls({ side: 'client', startAfterChunks: drop }));
  assert.deepEqual(
    fed.exchanges.map((x) => `${x.request?.target ?? '-'} ${x.response?.status ?? '-'}`),
    ['- 200', '/2 200', '/3 200', '/4 200'],
  );
  const orphan = fed.exchanges[0]!;
  assert.ok(codes(orphan).includes('request-missing'));
  assert.equal(Buffer.from(orphan.response!.body.wire!).toString(), '/1:2000');
  for (let i = 1; i < 4; i++) assertMatchesTruth(fed.exchanges[i]!, cap.truth[i]!);
});

test('capture starts inside a request body that quotes HTTP: no fake request is made', async () => {
  const cap = await fourExchanges();
  const at = cap.chunks.findIndex((c) => c.kind === 'data' && c.from === 'client' && Buffer.from(c.data).includes('GET /fake'));
  const chunk = cap.chunks[at]!;
  assert.ok(chunk.kind === 'data');
  const into = Buffer.from(chunk.data).indexOf('GET /fake') - 3; // mid-body, just before the quoted request line
  const fed = feedCalls(cap.calls({ side: 'client', startAfterBytes: dataBefore(cap, at) + into }));
  assert.ok(!fed.exchanges.some((x) => x.request?.target === '/fake'), 'a request line inside a body is not a request');
  const last = fed.exchanges.at(-1)!;
  assertMatchesTruth(last, cap.truth[3]!, false);
  assert.equal(last.request!.target, '/4');
  // The response to the cut request arrives; its request was skipped: it stands alone.
  const alone = fed.exchanges.find((x) => !x.request);
  assert.ok(alone, 'the response to the cut request is kept');
  assert.equal(Buffer.from(alone.response!.body.wire!).toString(), `/3:${cap.truth[2]!.request!.body.length}`);
  assert.ok(codes(alone).includes('request-missing'));
});
