// Pipelining: a raw socket writes three requests before reading anything; the server answers in
// order. k-th request pairs with k-th response even though all requests precede all responses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap } from '../support/tap/index.js';
import { feedCalls, rawRequest, sha256 } from './support/feed.js';
import { assertBodyIs } from './support/truth.js';

const bodies: Record<string, string> = { '/one': 'first answer', '/two': 'second, longer answer '.repeat(20), '/three': '3' };

test('pipelining: three requests written at once pair with their responses in order', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      res.setHeader('X-Seen', String(body.length));
      res.end(bodies[req.url ?? ''] ?? 'unknown');
    },
    client: async (c) => {
      const raw = await c.connect();
      const host = `${c.address.ip}:${c.address.port}`;
      await raw.write(
        Buffer.concat([
          rawRequest('GET', '/one', [['Host', host]]),
          rawRequest('POST', '/two', [['Host', host], ['Content-Length', '5']], 'hello'),
          rawRequest('GET', '/three', [['Host', host], ['Connection', 'close']]),
        ]),
      );
      await raw.waitFor((got) => got.includes('\r\n\r\n3'));
      await raw.end();
    },
  });
  const requestsSent = cap.truth.map((t) => t.request!);
  assert.deepEqual(requestsSent.map((r) => r.path), ['/one', '/two', '/three']);
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.equal(fed.exchanges.length, 3);
  fed.exchanges.forEach((x, i) => {
    const sent = requestsSent[i]!;
    assert.equal(x.request!.method, sent.method);
    assert.equal(x.request!.target, sent.path);
    assert.deepEqual(x.request!.headers, sent.headers);
    assertBodyIs(x.request!.body, sent.body, `request ${i}`);
    assert.equal(x.response!.status, 200);
    assert.equal(x.response!.body.wireSha256, sha256(bodies[sent.path]!), `response ${i} body`);
    assert.deepEqual(x.response!.headers.find(([n]) => n === 'X-Seen'), ['X-Seen', String(sent.body.length)]);
    assert.deepEqual(x.issues.map((i) => i.code), ['scheme-inferred']);
  });
});

test('more pipelined requests than maxPipelined: the oldest are emitted early, flagged', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res) => void res.end(`answer ${req.url}`),
    client: async (c) => {
      const raw = await c.connect();
      const host = `${c.address.ip}:${c.address.port}`;
      await raw.write(Buffer.concat(['/a', '/b', '/c'].map((p) => rawRequest('GET', p, [['Host', host]]))));
      await raw.waitFor((got) => got.includes('answer /c'));
      await raw.end();
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }), { options: { maxPipelined: 1 } });
  const shown = fed.exchanges.map((x) => `${x.request?.target ?? '-'} ${x.response ? Buffer.from(x.response.body.wire!).toString() : '-'}`);
  assert.deepEqual(shown, ['/a -', '/b -', '- answer /a', '- answer /b', '/c answer /c']);
  for (const x of fed.exchanges.slice(0, 4)) assert.ok(x.issues.some((i) => i.code === 'limit-exceeded'), JSON.stringify(x.issues));
  assert.ok(!fed.exchanges[4]!.issues.some((i) => i.code === 'limit-exceeded'));
});
