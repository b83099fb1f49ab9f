// Leaving HTTP/1: a 101 upgrade (HTTP/1 ends, later bytes ignored), a declined upgrade (HTTP/1
// goes on), CONNECT + 2xx (tunnel), an h2c upgrade and an HTTP/2 prior-knowledge preface (both
// handed to HTTP/2 with the bytes HTTP/1 did not consume).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, request } from 'node:http';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { runTap, withTimeout } from '../support/tap/index.js';
import { callsOf, captureThrough, codes, feedCalls, rawRequest } from './support/feed.js';

function connectRaw(address: { ip: string; port: number }): Promise<Socket> {
  return withTimeout(
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: address.ip, port: address.port }, () => resolve(socket));
      socket.once('error', reject);
    }),
    3000,
    'connect',
  );
}

function readUntil(socket: Socket, done: (got: Buffer) => boolean): Promise<Buffer> {
  return withTimeout(
    new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      const onData = (d: Buffer): void => {
        got = Buffer.concat([got, d]);
        if (done(got)) {
          socket.off('data', onData);
          resolve(got);
        }
      };
      socket.on('data', onData);
      socket.once('error', reject);
    }),
    3000,
    'read',
  );
}

test('101 upgrade: the exchange is flagged, upgraded bytes are not parsed as HTTP', async () => {
  const server = createHttpServer((_req, res) => res.end());
  server.on('upgrade', (_req, socket: Socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d: Buffer) => socket.write(d)); // echoes, including text that looks like HTTP
    socket.on('end', () => socket.end());
  });
  const recording = await captureThrough(server, async (address) => {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const req = request({ host: address.ip, port: address.port, path: '/chat', agent: false, headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
        req.on('upgrade', (_res, socket: Socket) => {
          socket.write('GET /not-http HTTP/1.1\r\n\r\n');
          socket.once('data', () => {
            socket.end();
            resolve();
          });
        });
        req.on('error', reject);
        req.end();
      }),
      5000,
      'upgrade',
    );
  });
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.handoffs.length, 0);
  assert.equal(fed.exchanges.length, 1, 'the echoed request line is not an exchange');
  const x = fed.exchanges[0]!;
  assert.equal(x.request!.target, '/chat');
  assert.equal(x.response!.status, 101);
  assert.equal(x.response!.body.status, 'absent');
  assert.ok(codes(x).includes('upgrade'));
  assert.ok(!codes(x).includes('response-missing'));
});

test('declined upgrade: a 200 answers it and HTTP/1 continues on the connection', async () => {
  const server = createNetServer((socket) => {
    let buffered = '';
    socket.on('data', (d: Buffer) => {
      buffered += d.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        const head = buffered.slice(0, buffered.indexOf('\r\n\r\n'));
        buffered = buffered.slice(head.length + 4);
        const path = head.split(' ')[1];
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${path!.length}\r\n\r\n${path}`);
      }
    });
  });
  const recording = await captureThrough(server, async (address) => {
    const socket = await connectRaw(address);
    socket.write(rawRequest('GET', '/ws', [['Host', 'h'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket']]));
    await readUntil(socket, (got) => got.toString().endsWith('/ws'));
    socket.write(rawRequest('GET', '/next', [['Host', 'h']]));
    await readUntil(socket, (got) => got.toString().endsWith('/next'));
    socket.end();
  });
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.deepEqual(
    fed.exchanges.map((x) => `${x.request?.target} ${x.response?.status} ${Buffer.from(x.response?.body.wire ?? []).toString()}`),
    ['/ws 200 /ws', '/next 200 /next'],
  );
  for (const x of fed.exchanges) assert.deepEqual(codes(x), ['scheme-inferred']);
});

test('CONNECT answered 200: a tunnel, its bytes are not parsed', async () => {
  const server = createHttpServer((_req, res) => res.end());
  server.on('connect', (_req, socket: Socket) => {
    socket.write('HTTP/1.1 200 Connection Established\r\nProxy-Agent: test\r\n\r\n');
    socket.on('data', (d: Buffer) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  const recording = await captureThrough(server, async (address) => {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const req = request({ host: address.ip, port: address.port, method: 'CONNECT', path: 'example.test:443', agent: false });
        req.on('connect', (_res, socket: Socket) => {
          socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]));
          socket.once('data', () => {
            socket.end();
            resolve();
          });
        });
        req.on('error', reject);
        req.end();
      }),
      5000,
      'CONNECT',
    );
  });
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(x.request!.method, 'CONNECT');
  assert.equal(x.request!.authority, 'example.test:443');
  assert.equal(x.request!.url, 'https://example.test:443');
  assert.equal(x.response!.status, 200);
  assert.equal(x.response!.reason, 'Connection Established');
  assert.ok(codes(x).includes('tunnel'));
});

test('h2c upgrade: handed to HTTP/2 with the upgraded request and the unparsed bytes', async () => {
  const serverAfter = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]); // an empty SETTINGS frame
  const server = createNetServer((socket) => {
    socket.once('data', () => {
      socket.write(Buffer.concat([Buffer.from('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n'), serverAfter]));
      socket.once('data', () => socket.end());
    });
  });
  const clientAfter = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
  const recording = await captureThrough(server, async (address) => {
    const socket = await connectRaw(address);
    socket.write(rawRequest('GET', '/up', [['Host', 'h2c.test'], ['Connection', 'Upgrade, HTTP2-Settings'], ['Upgrade', 'h2c'], ['HTTP2-Settings', 'AAMAAABkAAQAAP__']]));
    await readUntil(socket, (got) => got.length >= 70);
    socket.write(clientAfter);
    await withTimeout(new Promise<void>((resolve) => socket.once('close', () => resolve())), 3000, 'close');
  });
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.exchanges.length, 0, 'the upgraded request is HTTP/2 stream 1, not an HTTP/1 exchange');
  assert.equal(fed.handoffs.length, 1);
  const { handoff } = fed.handoffs[0]!;
  assert.equal(handoff.via, 'h2c-upgrade');
  assert.equal(handoff.clientDirection, 'write');
  assert.equal(handoff.upgrade!.request.method, 'GET');
  assert.equal(handoff.upgrade!.request.url, 'https://h2c.test/up');
  assert.equal(handoff.upgrade!.switching.status, 101);
  // What HTTP/1 had not consumed when the 101 arrived: what followed the 101 head in the same
  // server read (the SETTINGS frame), and nothing yet from the client (its preface came later, as
  // a push HTTP/1 no longer parses).
  const switching = recording.chunks.find((c) => c.kind === 'data' && c.from === 'server');
  assert.ok(switching && switching.kind === 'data');
  const chunk = Buffer.from(switching.data);
  assert.deepEqual(Buffer.from(handoff.serverBytes), chunk.subarray(chunk.indexOf('\r\n\r\n') + 4));
  assert.deepEqual(Buffer.from(handoff.serverBytes), serverAfter.subarray(0, handoff.serverBytes.length));
  assert.equal(handoff.bytes.length, 0);
});

test('HTTP/2 prior knowledge: the client preface hands the connection over at once', async () => {
  const cap = await runTap({
    protocol: 'http2',
    server: (_req, res) => void res.end('h2'),
    client: async (c) => void (await c.request({ path: '/x' })),
  });
  const calls = cap.calls({ side: 'client' });
  const fed = feedCalls(calls);
  assert.equal(fed.exchanges.length, 0);
  assert.equal(fed.handoffs.length, 1);
  const { handoff, conn } = fed.handoffs[0]!;
  assert.equal(handoff.via, 'preface');
  assert.equal(handoff.clientDirection, 'write');
  assert.equal(fed.connections.get(conn)!.info.hooked, 'client');
  const firstWrite = calls.find((c) => c.kind === 'data' && c.direction === 'write');
  assert.ok(firstWrite && firstWrite.kind === 'data');
  assert.deepEqual(Buffer.from(handoff.bytes), Buffer.from(firstWrite.data), 'bytes from the preface on');
});

test('HTTP/2 server bytes that arrive before the preface are handed over too', async () => {
  const cap = await runTap({
    protocol: 'http2',
    server: (_req, res) => void res.end('h2'),
    client: async (c) => void (await c.request({ path: '/x' })),
  });
  const calls = cap.calls({ side: 'client' }).filter((c) => c.kind === 'data');
  const firstRead = calls.findIndex((c) => c.kind === 'data' && c.direction === 'read');
  const firstWrite = calls.findIndex((c) => c.kind === 'data' && c.direction === 'write');
  const serverFirst = [calls[firstRead]!, calls[firstWrite]!];
  const fed = feedCalls(serverFirst);
  assert.equal(fed.handoffs.length, 1);
  const { handoff } = fed.handoffs[0]!;
  const read = calls[firstRead]!;
  const write = calls[firstWrite]!;
  assert.ok(read.kind === 'data' && write.kind === 'data');
  assert.deepEqual(Buffer.from(handoff.serverBytes), Buffer.from(read.data), 'the held server bytes');
  assert.deepEqual(Buffer.from(handoff.bytes), Buffer.from(write.data));
  assert.equal(handoff.clientDirection, 'write');
});

test('an fd reused by an HTTP/2 connection: HTTP/1 exchanges complete, then the handoff', async () => {
  const h1 = await runTap({
    protocol: 'http1',
    server: (_req, res) => void res.end('one'),
    client: async (c) => void (await c.request({ path: '/h1' })),
  });
  const h2 = await runTap({
    protocol: 'http2',
    server: (_req, res) => void res.end('two'),
    client: async (c) => void (await c.request({ path: '/h2' })),
  });
  const same = (calls: ReturnType<typeof h1.calls>) => calls.map((c) => ({ ...c, conn: 'reused' }));
  const fed = feedCalls([...same(h1.calls({ side: 'client' })), ...same(h2.calls({ side: 'client' }))]);
  assert.equal(fed.exchanges.length, 1);
  assert.equal(fed.exchanges[0]!.request!.target, '/h1');
  assert.deepEqual(codes(fed.exchanges[0]!), ['scheme-inferred']);
  assert.equal(fed.handoffs.length, 1);
  assert.equal(fed.handoffs[0]!.handoff.via, 'preface');
});
