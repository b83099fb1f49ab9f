// The server announces 1000 body bytes, sends 300 and the connection dies: at end of input the
// exchange is emitted with the 300 real bytes, status `truncated`, flagged `body-truncated`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { withTimeout } from '../support/tap/index.js';
import { callsOf, captureThrough, codes, feedCalls, sha256 } from './support/feed.js';

test('connection dies mid-body: body-truncated with the bytes that were sent', async () => {
  const partial = Buffer.alloc(300, 0x7a);
  const server = createServer((socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n\r\n');
      socket.write(partial, () => setTimeout(() => socket.destroy(), 20));
    });
  });
  let clientError = '';
  const recording = await captureThrough(server, async (address) => {
    await withTimeout(
      new Promise<void>((resolve) => {
        get({ host: address.ip, port: address.port, path: '/download', agent: false }, (res) => {
          res.on('data', () => undefined);
          res.on('error', (e) => ((clientError = e.message), resolve()));
          res.on('aborted', () => resolve());
          res.on('close', () => resolve());
        }).on('error', (e) => ((clientError = e.message), resolve()));
      }),
      3000,
      'download',
    );
  });
  void clientError;
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(x.response!.status, 200);
  assert.equal(x.response!.body.status, 'truncated');
  assert.equal(x.response!.body.wireSize, 300);
  assert.equal(x.response!.body.wireSha256, sha256(partial));
  assert.ok(codes(x).includes('body-truncated'));
  assert.ok(codes(x).includes('end-of-input'));
  assert.ok(!codes(x).includes('response-missing'));
});
