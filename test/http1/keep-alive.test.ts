// Several requests on one keep-alive agent socket, client-side capture: every exchange equals what
// the real server received and the real client got, in order, with exact head sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { runTap } from '../support/tap/index.js';
import { feedCalls } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

test('keep-alive: four requests on one socket pair in order', async () => {
  const upload = randomBytes(3000);
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      if (req.url === '/json') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ ok: true, n: 1 }));
      } else if (req.url === '/upload') {
        res.writeHead(201, 'Stored', { 'X-Len': String(body.length) });
        res.end(body.subarray(0, 100));
      } else if (req.url === '/gz') {
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'content-type': 'text/plain' });
        res.end(gzipSync(Buffer.from('hello '.repeat(500))));
      } else {
        res.statusCode = 404;
        res.end('nope');
      }
    },
    client: async (c) => {
      await c.request({ path: '/json', headers: [['X-Trace', 'a'], ['accept', '*/*']] });
      await c.request({ method: 'POST', path: '/upload', headers: [['Content-Type', 'application/octet-stream']], body: upload });
      await c.request({ path: '/gz', headers: [['Accept-Encoding', 'gzip']] });
      await c.request({ path: '/missing?q=1' });
    },
  });
  const truth = cap.truth;
  assert.equal(truth.length, 4);
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.equal(fed.connections.size, 1, 'one connection');
  const [{ info }] = [...fed.connections.values()];
  assert.equal(info!.hooked, 'client');
  assert.equal(fed.exchanges.length, 4);
  fed.exchanges.forEach((x, i) => {
    assert.equal(x.id, `${info!.id}#${i}`);
    assert.equal(x.dialect, 'raw');
    assert.equal(x.headersRerendered, false);
    assertMatchesTruth(x, truth[i]!);
  });
  const gz = fed.exchanges[2]!;
  assert.deepEqual(gz.response!.body.codings, ['gzip']);
  // Head sizes: the client's bytes are exactly heads + bodies, in order.
  const sent = cap.bytes(0, 'client');
  const requestBytes = fed.exchanges.reduce((n, x) => n + x.request!.headBytes! + x.request!.body.wireSize, 0);
  assert.equal(requestBytes, sent.length, 'request heads + bodies account for every byte sent');
  const firstHead = sent.subarray(0, sent.indexOf('\r\n\r\n') + 4);
  assert.equal(fed.exchanges[0]!.request!.headBytes, firstHead.length);
  for (const x of fed.exchanges) {
    assert.ok(x.request!.start && x.request!.end && x.response!.start && x.response!.end, 'times present');
    assert.ok(x.request!.start.ms <= x.response!.end.ms);
  }
});

test('keep-alive, v2 dialect: same exchanges, dialect v2', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (_req, res) => void res.end('ok'),
    client: async (c) => {
      await c.request({ path: '/a' });
      await c.request({ path: '/b' });
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }), { dialect: 'v2' });
  assert.equal(fed.exchanges.length, 2);
  fed.exchanges.forEach((x, i) => {
    assert.equal(x.dialect, 'v2');
    assertMatchesTruth(x, cap.truth[i]!);
  });
});
