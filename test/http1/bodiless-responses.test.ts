// Responses that carry no body whatever their headers say: HEAD (with Content-Length), 204, 304,
// back to back on one keep-alive connection, then a normal response that must not be eaten.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap } from '../support/tap/index.js';
import { feedCalls } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

test('HEAD with Content-Length, 204, 304, then a GET on one connection', async () => {
  const doc = JSON.stringify({ big: 'x'.repeat(700) });
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res) => {
      if (req.url === '/doc') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(doc)), ETag: '"v1"' });
        res.end(req.method === 'HEAD' ? undefined : doc);
      } else if (req.url === '/empty') {
        res.writeHead(204, { 'X-Empty': 'yes' });
        res.end();
      } else if (req.url === '/cached') {
        res.writeHead(304, { ETag: '"v1"', 'Content-Length': '123' });
        res.end();
      }
    },
    client: async (c) => {
      await c.request({ method: 'HEAD', path: '/doc' });
      await c.request({ path: '/empty' });
      await c.request({ path: '/cached', headers: [['If-None-Match', '"v1"']] });
      await c.request({ path: '/doc' });
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.deepEqual(
    fed.exchanges.map((x) => `${x.request?.method} ${x.request?.target} ${x.response?.status}`),
    ['HEAD /doc 200', 'GET /empty 204', 'GET /cached 304', 'GET /doc 200'],
  );
  fed.exchanges.forEach((x, i) => assertMatchesTruth(x, cap.truth[i]!));
  const head = fed.exchanges[0]!;
  assert.equal(head.response!.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1], String(Buffer.byteLength(doc)));
  assert.equal(head.response!.body.status, 'absent');
  assert.equal(fed.exchanges[3]!.response!.body.wireSize, Buffer.byteLength(doc));
  // Exact head sizes, HEAD's included (no pause there: measured from its known start): heads and
  // bodies account for every byte the server sent.
  const sent = cap.bytes(0, 'server').length;
  assert.equal(fed.exchanges.reduce((n, x) => n + x.response!.headBytes! + x.response!.body.wireSize, 0), sent);
});
