// Chunked bodies with trailers, both directions: bodies de-chunked, trailers kept, and the head of
// the message after a chunked one measured exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap, sleep } from '../support/tap/index.js';
import { feedCalls, rawRequest } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

test('chunked response written in pieces, with trailers, then a keep-alive follow-up', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: async (req, res) => {
      if (req.url === '/stream') {
        res.setHeader('Trailer', 'X-Checksum, X-Count');
        for (let i = 0; i < 4; i++) {
          res.write(`piece ${i} `.repeat(50 + i));
          await sleep(5);
        }
        res.addTrailers([
          ['X-Checksum', 'abc123'],
          ['X-Count', '4'],
        ]);
        res.end();
      } else {
        res.end('after');
      }
    },
    client: async (c) => {
      await c.request({ path: '/stream' });
      await c.request({ path: '/after' });
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.equal(fed.exchanges.length, 2);
  fed.exchanges.forEach((x, i) => assertMatchesTruth(x, cap.truth[i]!));
  const stream = fed.exchanges[0]!;
  assert.deepEqual(stream.response!.trailers, [
    ['X-Checksum', 'abc123'],
    ['X-Count', '4'],
  ]);
  // The second response's head follows the chunked body's last chunk: its size is still exact.
  const received = cap.bytes(0, 'server');
  const secondHeadAt = received.indexOf('HTTP/1.1 200', 1);
  const secondHead = received.subarray(secondHeadAt, received.indexOf('\r\n\r\n', secondHeadAt) + 4);
  assert.equal(fed.exchanges[1]!.response!.headBytes, secondHead.length);
});

test('chunked request with trailers from a raw client', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (_req, res, body) => void res.end(`got ${body.length}`),
    client: async (c) => {
      const raw = await c.connect();
      const host = `${c.address.ip}:${c.address.port}`;
      const head = rawRequest('POST', '/upload', [
        ['Host', host],
        ['Transfer-Encoding', 'chunked'],
        ['Trailer', 'X-Sum'],
      ]);
      await raw.write(head);
      await raw.write('5\r\nhello\r\n');
      await raw.write('7;ext=1\r\n, world\r\n0\r\nX-Sum: 42\r\n\r\n');
      await raw.waitFor((got) => got.includes('got 12'));
      await raw.end();
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(Buffer.from(x.request!.body.wire!).toString(), 'hello, world');
  assert.deepEqual(Buffer.from(x.request!.body.wire!), Buffer.from(cap.truth[0]!.request!.body));
  assert.deepEqual(x.request!.trailers, [['X-Sum', '42']]);
  assert.equal(x.response!.status, 200);
  assert.equal(Buffer.from(x.response!.body.wire!).toString(), 'got 12');
});
