// An HTTP/1.0 response without Content-Length: the body runs until the connection closes, so it
// ends at end(); a body cut by idleness is completion-inferred.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { withTimeout } from '../support/tap/index.js';
import { callsOf, captureThrough, codes, feedCalls, sha256 } from './support/feed.js';

const BODY = 'line of an unframed body\n'.repeat(400);

async function fetchOnce(address: { ip: string; port: number }): Promise<string> {
  return withTimeout(
    new Promise<string>((resolve, reject) => {
      get({ host: address.ip, port: address.port, path: '/legacy', agent: false }, (res) => {
        let text = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    }),
    5000,
    'legacy GET',
  );
}

function legacyServer() {
  return createServer((socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nServer: legacy\r\n\r\n');
      socket.write(BODY.slice(0, 4000));
      setTimeout(() => socket.end(BODY.slice(4000)), 10);
    });
  });
}

test('HTTP/1.0 response without length: body read until close', async () => {
  let clientBody = '';
  const recording = await captureThrough(legacyServer(), async (address) => {
    clientBody = await fetchOnce(address);
  });
  assert.equal(clientBody, BODY);
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(x.request!.method, 'GET');
  assert.equal(x.response!.status, 200);
  assert.equal(x.response!.body.status, 'complete');
  assert.equal(x.response!.body.wireSha256, sha256(BODY));
  assert.equal(x.protocol, 'HTTP/1.1'); // the request line says 1.1; the response's 1.0 does not change it
  assert.ok(codes(x).includes('completion-inferred'), 'the end of input ended the body');
  assert.ok(!codes(x).includes('body-truncated'));
});

test('read-until-close body that goes idle: emitted by advance, completion inferred', async () => {
  const recording = await captureThrough(legacyServer(), async (address) => void (await fetchOnce(address)));
  const fed = feedCalls(callsOf(recording, { side: 'client' }), { end: false });
  assert.equal(fed.exchanges.length, 0, 'nothing before the body can be known to end');
  const [{ http1 }] = [...fed.connections.values()];
  const lastMs = Math.max(...callsOf(recording, { side: 'client' }).flatMap((c) => (c.kind === 'data' ? [c.localMs] : [])));
  http1!.advance(lastMs + 1000);
  assert.equal(fed.exchanges.length, 0, 'not idle yet');
  http1!.advance(lastMs + 30_000);
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(x.response!.body.wireSha256, sha256(BODY));
  assert.ok(codes(x).includes('completion-inferred'));
  http1!.end();
  assert.equal(fed.exchanges.length, 1, 'end() emits nothing twice');
});
