// `Expect: 100-continue`: the client sends its head, waits for `100 Continue`, then the body; the
// 100 is an interim response of the same exchange, the final response pairs with the request.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { withTimeout } from '../support/tap/index.js';
import { callsOf, captureThrough, feedCalls, sha256 } from './support/feed.js';

test('100-continue: interim 100, then the body, then the final response', async () => {
  const payload = randomBytes(5000);
  let serverGot = Buffer.alloc(0);
  const server = createServer((_req, res) => res.end('plain'));
  server.on('checkContinue', (req, res) => {
    res.writeContinue();
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      serverGot = Buffer.concat(parts);
      res.writeHead(201, { 'Content-Type': 'text/plain' });
      res.end(`stored ${serverGot.length}`);
    });
  });
  let clientStatus = 0;
  let clientBody = '';
  const recording = await captureThrough(server, async (address) => {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const req = request({
          host: address.ip,
          port: address.port,
          method: 'PUT',
          path: '/blob',
          agent: false,
          headers: { Expect: '100-continue', 'Content-Length': String(payload.length), 'Content-Type': 'application/octet-stream' },
        });
        req.on('continue', () => req.end(payload));
        req.on('response', (res) => {
          clientStatus = res.statusCode ?? 0;
          res.setEncoding('latin1');
          res.on('data', (d: string) => (clientBody += d));
          res.on('end', resolve);
        });
        req.on('error', reject);
      }),
      5000,
      '100-continue request',
    );
  });
  assert.equal(clientStatus, 201);
  assert.equal(serverGot.length, payload.length);
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(x.request!.method, 'PUT');
  assert.equal(x.request!.body.wireSha256, sha256(payload));
  assert.deepEqual(
    x.response!.interim.map((i) => [i.status, i.reason]),
    [[100, 'Continue']],
  );
  assert.equal(x.response!.status, 201);
  assert.equal(Buffer.from(x.response!.body.wire!).toString('latin1'), clientBody);
  assert.deepEqual(x.issues.map((i) => i.code), ['scheme-inferred']);
  assert.ok(x.response!.interim[0]!.at!.ms <= x.response!.start!.ms);
});
