// A second real HTTP/2 client: http2-wrapper's request API (its own header handling, on its own
// session) against a real Node http2 server, tapped at the socket; the capture decodes to the
// exchanges both ends saw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect as connectHttp2, createServer, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import http2wrapper from 'http2-wrapper';
import { planCalls, renderCalls, startRelay, withTimeout } from '../support/tap/index.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { assembleExchanges } from '../../src/api/assemble-exchanges.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('http2-wrapper requests through the tap decode to the exchanges both ends saw', { timeout: 30_000 }, async () => {
  const bodies = new Map<string, Buffer>();
  const server = createServer();
  server.on('stream', (stream: ServerHttp2Stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const path = String(headers[':path']);
      const body = Buffer.from(`${headers[':method']} ${path} ${Buffer.concat(chunks).length} `.repeat(path === '/big' ? 5000 : 3));
      bodies.set(path, body);
      stream.respond({ ':status': 200, 'content-type': 'text/plain', 'x-served-by': 'node' });
      stream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay = await startRelay({ ip: '127.0.0.1', port: (server.address() as AddressInfo).port }, 'http2');
  const session = connectHttp2(`http://${relay.address.ip}:${relay.address.port}`);
  try {
    const send = (method: string, path: string, body?: string) =>
      withTimeout(
        new Promise<number>((resolve, reject) => {
          const req = http2wrapper.request(`http://${relay.address.ip}:${relay.address.port}${path}`, { method, h2session: session, headers: { 'x-client': 'http2-wrapper' } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end(body);
        }),
        5000,
        path,
      );
    const statuses = await Promise.all([send('GET', '/one'), send('POST', '/two', 'payload-of-two'), send('GET', '/big')]);
    assert.deepEqual(statuses, [200, 200, 200]);
  } finally {
    session.close();
    await relay.settle(3000);
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  const recording = { chunks: relay.chunks, connections: relay.connections, clock: { ns: process.hrtime.bigint(), unixMs: Date.now() } };
  for (const side of ['client', 'server'] as const) {
    const messages = renderCalls(planCalls(recording, { side }), 'raw');
    async function* records(): AsyncGenerator<StreamRecord> {
      let seq = 0;
      for (const m of messages) yield { ...decodeLogEntry(m), seq: seq++, receivedAt: 0 } as StreamRecord;
    }
    const found: Exchange[] = [];
    for await (const x of assembleExchanges(records())) found.push(x);
    assert.equal(found.length, 3, `${side}: ${found.map((x) => x.request?.target).join(',')}`);
    for (const x of found) {
      const path = x.request!.target;
      assert.equal(x.protocol, 'HTTP/2');
      assert.deepEqual(x.request!.headers.find(([n]) => n === 'x-client'), ['x-client', 'http2-wrapper']);
      assert.equal(x.response!.status, 200);
      assert.equal(x.response!.body.wireSha256, sha(bodies.get(path)!), `${side} ${path} body`);
      if (path === '/two') assert.equal(Buffer.from(x.request!.body.wire!).toString(), 'payload-of-two');
      assert.equal(x.connection.hooked, side);
      assert.deepEqual(x.issues.filter((i) => i.code !== 'time-unanchored'), []);
    }
  }
});
