// Property: how the bytes are cut into pushes does not matter. Any re-split of the recorded calls
// (pieces of 1..16384 bytes) gives the same exchanges as the calls themselves (times aside),
// head sizes included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { runTap, sleep } from '../support/tap/index.js';
import { feedCalls, rawRequest, withoutTimes } from './support/feed.js';

test('any re-split of the recorded chunks gives identical exchanges', async () => {
  const upload = randomBytes(40_000);
  const cap = await runTap({
    protocol: 'http1',
    server: async (req, res, body) => {
      if (req.url === '/chunked') {
        res.setHeader('Trailer', 'X-Done');
        for (let i = 0; i < 3; i++) {
          res.write(`part ${i};`.repeat(300));
          await sleep(2);
        }
        res.addTrailers({ 'X-Done': 'yes' });
        res.end();
      } else if (req.url === '/empty') {
        res.statusCode = 204;
        res.end();
      } else {
        res.setHeader('Content-Type', 'text/plain');
        res.end(req.method === 'HEAD' ? undefined : `${req.method} ${req.url} ${body.length}`);
      }
    },
    client: async (c) => {
      await c.request({ path: '/json', headers: [['Accept', 'application/json']] });
      await c.request({ method: 'POST', path: '/upload', body: upload });
      await c.request({ path: '/chunked' });
      await c.request({ method: 'HEAD', path: '/head' });
      await c.request({ path: '/empty' });
      const raw = await c.connect();
      const host = `${c.address.ip}:${c.address.port}`;
      await raw.write(Buffer.concat([rawRequest('GET', '/p1', [['Host', host]]), rawRequest('PUT', '/p2', [['Host', host], ['Content-Length', '4']], 'body')]));
      await raw.waitFor((got) => got.toString().includes('PUT /p2 4'));
      await raw.end();
    },
  });
  const calls = cap.calls({ side: 'client' });
  const baseline = feedCalls(calls);
  assert.equal(baseline.exchanges.length, 7);
  const expected = baseline.exchanges.map(withoutTimes);

  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 16384 })), { minLength: 1, maxLength: 40 }), (sizes) => {
      let next = 0;
      const split = (data: Uint8Array): Uint8Array[] => {
        const pieces: Uint8Array[] = [];
        for (let at = 0; at < data.length; ) {
          const size = sizes[next++ % sizes.length]!;
          pieces.push(data.subarray(at, at + size));
          at += size;
        }
        return pieces;
      };
      const fed = feedCalls(calls, { split });
      assert.deepEqual(fed.exchanges.map(withoutTimes), expected);
    }),
    { numRuns: 60 },
  );
});
