// A connection that goes silent: nothing is emitted before the idle timeout, everything pending is
// emitted at it (flagged), and memory is freed (end() emits nothing twice).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { withTimeout, sleep } from '../support/tap/index.js';
import { callsOf, captureThrough, codes, feedCalls } from './support/feed.js';
import type { CapturedCall } from '../support/tap/index.js';

function lastMs(calls: CapturedCall[]): number {
  return Math.max(...calls.flatMap((c) => (c.kind === 'data' ? [c.localMs] : [])));
}

async function stalledCapture(): Promise<CapturedCall[]> {
  // '/stall' gets a head announcing 100 bytes and 10 of them; '/silent' gets nothing.
  const server = createServer((socket) => {
    socket.on('data', (d: Buffer) => {
      if (d.toString().startsWith('GET /stall')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789');
    });
  });
  const recording = await captureThrough(server, async (address) => {
    for (const path of ['/stall', '/silent']) {
      await withTimeout(
        new Promise<void>((resolve) => {
          const req = request({ host: address.ip, port: address.port, path, agent: false });
          req.on('response', (res) => res.on('data', () => undefined));
          req.on('error', () => resolve());
          req.end();
          void sleep(150).then(() => (req.destroy(), resolve()));
        }),
        2000,
        path,
      );
    }
  });
  return callsOf(recording, { side: 'client' });
}

test('silent connections are completed by advance(), flagged', async () => {
  const calls = await stalledCapture();
  const fed = feedCalls(calls, { end: false, options: { idleTimeoutMs: 30_000 } });
  assert.equal(fed.connections.size, 2);
  assert.equal(fed.exchanges.length, 0);
  const last = lastMs(calls);
  for (const { http1 } of fed.connections.values()) http1.advance(last + 29_000);
  assert.equal(fed.exchanges.length, 0, 'not idle yet');
  for (const { http1 } of fed.connections.values()) http1.advance(last + 30_001);
  assert.equal(fed.exchanges.length, 2);
  const stalled = fed.exchanges.find((x) => x.request?.target === '/stall')!;
  assert.equal(stalled.response!.status, 200);
  assert.equal(stalled.response!.body.status, 'truncated');
  assert.equal(Buffer.from(stalled.response!.body.wire!).toString(), '0123456789');
  assert.ok(codes(stalled).includes('completion-inferred'));
  assert.ok(codes(stalled).includes('body-truncated'));
  const silent = fed.exchanges.find((x) => x.request?.target === '/silent')!;
  assert.equal(silent.response, undefined);
  assert.ok(codes(silent).includes('response-missing'));
  assert.ok(!codes(silent).includes('end-of-input'));
  for (const { http1 } of fed.connections.values()) http1.end();
  assert.equal(fed.exchanges.length, 2, 'nothing is emitted twice');
});
