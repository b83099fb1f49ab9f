// A real HTTP/1.1 keep-alive client and a pipelining raw socket through the tap: the events of
// either side must carry exactly the bytes each end really sent and received.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameDelimited, joinData, readEvents, runTap } from '../support/tap/index.js';
import type { HeaderPairs, ReadData, ReadEvent, TapCapture, TruthExchange } from '../support/tap/index.js';

const BIG_REQUEST = Buffer.from(Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7 + 3) & 0xff));
const BIG_RESPONSE = Buffer.from('0123456789abcdef'.repeat(3_000)); // 48 000 bytes
const PIPELINED = 'GET /pipe/1 HTTP/1.1\r\nHost: tap\r\n\r\nGET /pipe/2 HTTP/1.1\r\nHost: tap\r\nConnection: close\r\n\r\n';

let cap: TapCapture;
let pipelinedReceived: Buffer;
const bodies: Buffer[] = [];

function head(lines: string, headers: HeaderPairs): Buffer {
  return Buffer.from(lines + headers.map(([n, v]) => `${n}: ${v}\r\n`).join('') + '\r\n', 'latin1');
}
/** The request bytes as the server's own view says they were: request line, raw headers, body. */
function requestBytes(x: TruthExchange): Buffer {
  const r = x.request!;
  return Buffer.concat([head(`${r.method} ${r.path} HTTP/${r.httpVersion}\r\n`, r.headers), r.body]);
}
/** The response bytes as the client's own view says they were (content-length framed responses). */
function responseBytes(x: TruthExchange): Buffer {
  const r = x.response!;
  return Buffer.concat([head(`HTTP/${r.httpVersion} ${r.status} ${r.statusMessage}\r\n`, r.headers), r.body]);
}
const onFd = (fd: number, direction: 'read' | 'write') => (e: ReadData) => e.fd === fd && e.direction === direction;

function openTcpHandles(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap');
}

before(async () => {
  cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      if (req.url === '/echo') {
        res.writeHead(201, 'Made It', { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'X-Method': req.method });
        res.end(body);
      } else if (req.url === '/big') {
        res.writeHead(200, { 'Content-Length': BIG_RESPONSE.length });
        res.end(BIG_RESPONSE);
      } else {
        const text = `you asked for ${req.url}`;
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      }
    },
    client: async (client) => {
      const r1 = await client.request({ path: '/text?n=1', headers: [['X-Case', 'MiXeD'], ['accept', '*/*']] });
      const r2 = await client.request({ method: 'POST', path: '/echo', body: 'hello world' });
      const r3 = await client.request({ path: '/big' });
      const r4 = await client.request({ method: 'POST', path: '/echo', body: BIG_REQUEST });
      bodies.push(r1.body, r2.body, r3.body, r4.body);
      const raw = await client.connect();
      await raw.write(PIPELINED);
      pipelinedReceived = await raw.waitFor((got) => got.toString('latin1').split('HTTP/1.1 200 OK').length === 3 && got.toString().endsWith('/pipe/2'));
      await raw.end();
    },
  });
});

describe('HTTP/1.1 keep-alive through the tap', () => {
  it('ground truth: the server saw what the client sent, the client got what the server sent', () => {
    assert.deepEqual(
      bodies.map((b) => b.toString('latin1')),
      ['you asked for /text?n=1', 'hello world', BIG_RESPONSE.toString('latin1'), BIG_REQUEST.toString('latin1')],
    );
    assert.equal(cap.connections.length, 2);
    assert.deepEqual(
      cap.truth.map((x) => [x.conn, x.index, x.request?.method, x.request?.path, x.response?.status ?? null]),
      [
        [0, 0, 'GET', '/text?n=1', 200],
        [0, 1, 'POST', '/echo', 201],
        [0, 2, 'GET', '/big', 200],
        [0, 3, 'POST', '/echo', 201],
        [1, 0, 'GET', '/pipe/1', null],
        [1, 1, 'GET', '/pipe/2', null],
      ],
    );
    assert.deepEqual(cap.truth[0]!.request!.headers.slice(0, 2), [['X-Case', 'MiXeD'], ['accept', '*/*']]);
    assert.ok(Buffer.from(cap.truth[3]!.request!.body).equals(BIG_REQUEST));
  });

  for (const dialect of ['raw', 'v2'] as const) {
    it(`${dialect}, client side: writes = the requests the server received, reads = the responses the client received`, () => {
      const events = readEvents(cap.events({ dialect, side: 'client' }));
      const keepAlive = cap.truth.filter((x) => x.conn === 0);
      assert.ok(joinData(events, onFd(20, 'write')).equals(Buffer.concat(keepAlive.map(requestBytes))));
      assert.ok(joinData(events, onFd(20, 'read')).equals(Buffer.concat(keepAlive.map(responseBytes))));
      assert.ok(joinData(events, onFd(21, 'write')).equals(Buffer.from(PIPELINED)));
      assert.ok(joinData(events, onFd(21, 'read')).equals(pipelinedReceived));
      assert.ok(events.every((e) => e.kind !== 'data' || e.data.length <= 16384));
    });

    it(`${dialect}, server side: the flip, on the server's own socket`, () => {
      const events = readEvents(cap.events({ dialect, side: 'server' }));
      const keepAlive = cap.truth.filter((x) => x.conn === 0);
      assert.ok(joinData(events, onFd(20, 'read')).equals(Buffer.concat(keepAlive.map(requestBytes))));
      assert.ok(joinData(events, onFd(20, 'write')).equals(Buffer.concat(keepAlive.map(responseBytes))));
      assert.ok(joinData(events, onFd(21, 'read')).equals(Buffer.from(PIPELINED)));
      assert.ok(joinData(events, onFd(21, 'write')).equals(pipelinedReceived));
    });
  }

  it('raw: uuid, tuple and type follow the hooked side', () => {
    const [c0] = cap.connections;
    const client = readEvents(cap.events({ dialect: 'raw', side: 'client' })) as ReadData[];
    const server = readEvents(cap.events({ dialect: 'raw', side: 'server' })) as ReadData[];
    const firstClient = client.find((e) => e.fd === 20)!;
    assert.deepEqual([firstClient.direction, firstClient.type, firstClient.pid, firstClient.comm], ['write', 1, process.pid, 'node']);
    assert.deepEqual(firstClient.tuple, { client: c0!.client, server: c0!.relay });
    const firstServer = server.find((e) => e.fd === 20)!;
    assert.deepEqual([firstServer.direction, firstServer.type], ['read', 3]);
    assert.deepEqual(firstServer.tuple, { client: c0!.upstream, server: c0!.server });
    assert.equal(client.length, server.length);
  });

  it('v2: a connect line before each connection\'s first data, a destroy line per connection', () => {
    const events = readEvents(cap.events({ dialect: 'v2', side: 'client' }));
    for (const [fd, conn] of [[20, cap.connections[0]!], [21, cap.connections[1]!]] as const) {
      const firstData = events.findIndex((e) => e.kind === 'data' && e.fd === fd);
      const connect = events.findIndex((e) => e.kind === 'connect' && !e.destroy && e.fd === fd);
      assert.ok(connect >= 0 && connect < firstData, `fd ${fd}`);
      assert.deepEqual((events[connect] as ReadEvent & { kind: 'connect' }).tuple, { client: conn.client, server: conn.relay });
    }
    assert.equal(events.filter((e) => e.kind === 'connect' && e.destroy).length, 2);
    const late = readEvents(cap.events({ dialect: 'v2', side: 'client', lateConnect: true }));
    const firstData = late.findIndex((e) => e.kind === 'data' && e.fd === 20);
    assert.deepEqual(late[firstData + 1], events.find((e) => e.kind === 'connect' && e.fd === 20));
  });

  it('startAfterChunks: the capture begins after that many recorded chunks', () => {
    const dataChunks = cap.chunks.filter((c) => c.kind === 'data');
    const skip = 3;
    const full = joinData(readEvents(cap.events({ dialect: 'raw', side: 'client' })), () => true);
    const dropped = dataChunks.slice(0, skip).reduce((n, c) => n + c.data.length, 0);
    const late = readEvents(cap.events({ dialect: 'raw', side: 'client', startAfterChunks: skip })) as ReadData[];
    assert.ok(joinData(late, () => true).equals(full.subarray(dropped)));
    assert.ok(late.filter((e) => e.fd === 20).every((e) => e.tuple === undefined), 'conn 0 was open before the capture: no tuple');
    assert.ok(late.filter((e) => e.fd === 21).every((e) => e.tuple !== undefined), 'conn 1 opened later: tracked');
    const v2 = readEvents(cap.events({ dialect: 'v2', side: 'client', startAfterChunks: skip }));
    assert.deepEqual(
      v2.filter((e) => e.kind === 'connect' && !e.destroy).map((e) => e.fd),
      [21],
    );
  });

  it('startAfterBytes: exactly that many bytes are gone', () => {
    const full = joinData(readEvents(cap.events({ dialect: 'v2', side: 'server' })), () => true);
    const late = joinData(readEvents(cap.events({ dialect: 'v2', side: 'server', startAfterBytes: 100 })), () => true);
    assert.ok(late.equals(full.subarray(100)));
  });

  it('cutWritesAt16k: a recorded write chunk over 16384 bytes keeps only its first 16384', () => {
    const big = cap.chunks.filter((c) => c.kind === 'data' && c.from === 'client' && c.data.length > 16384);
    assert.ok(big.length > 0, 'the 100 kB POST should arrive in at least one chunk over 16 KiB');
    const events = readEvents(cap.events({ dialect: 'raw', side: 'client', cutWritesAt16k: true })) as ReadData[];
    const writes = events.filter((e) => e.direction === 'write');
    const clientChunks = cap.chunks.flatMap((c) => (c.kind === 'data' && c.from === 'client' ? [c.data] : []));
    assert.equal(writes.length, clientChunks.length, 'one call per recorded chunk');
    writes.forEach((e, i) => assert.ok(Buffer.from(e.data).equals(clientChunks[i]!.subarray(0, 16384))));
    const serverChunks = cap.chunks.flatMap((c) => (c.kind === 'data' && c.from === 'server' ? [c.data] : []));
    assert.ok(joinData(events, (e) => e.direction === 'read').equals(Buffer.concat(serverChunks)), 'reads are split, never cut');
  });

  it('writeRecording writes the size-delimited events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tap-'));
    try {
      const path = join(dir, 'h1.ldpb');
      const options = { dialect: 'v2', side: 'client' } as const;
      const count = await cap.writeRecording(path, options);
      const events = cap.events(options);
      assert.equal(count, events.length);
      assert.ok((await readFile(path)).equals(frameDelimited(events)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('left no TCP socket or server open', () => {
    assert.deepEqual(openTcpHandles(), []);
  });
});
