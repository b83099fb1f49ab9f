// Real HTTP/2 (h2c) sessions with concurrent streams through the tap. The captured bytes are
// checked against both ends' own view by decoding them here, independently (frames by hand,
// HPACK with hpack.js).

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { joinData, readEvents, runTap } from '../support/tap/index.js';
import type { HeaderPairs, ReadData, TapCapture } from '../support/tap/index.js';

interface HpackDecompressor {
  write(chunk: Buffer): void;
  execute(): void;
  read(): { name: string; value: string } | null;
}
const hpack = createRequire(import.meta.url)('hpack.js') as {
  decompressor: { create(options: { table: { size: number } }): HpackDecompressor };
};

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const UPLOAD = Buffer.from(Uint8Array.from({ length: 30_000 }, (_, i) => (i * 13 + 5) & 0xff));
const DOWNLOAD = Buffer.from('h2 body '.repeat(6_250)); // 50 000 bytes

interface StreamView {
  headers: HeaderPairs[];
  data: Buffer;
}

/** Frames of one direction of one connection → header blocks and DATA per stream (a test oracle, not product code). */
function decodeH2(bytes: Buffer, expectPreface: boolean): Map<number, StreamView> {
  let at = 0;
  if (expectPreface) {
    assert.ok(bytes.subarray(0, PREFACE.length).equals(PREFACE), 'starts with the client preface');
    at = PREFACE.length;
  }
  const decoder = hpack.decompressor.create({ table: { size: 4096 } });
  const streams = new Map<number, StreamView>();
  const view = (id: number): StreamView => {
    let s = streams.get(id);
    if (!s) streams.set(id, (s = { headers: [], data: Buffer.alloc(0) }));
    return s;
  };
  let block: { id: number; parts: Buffer[] } | undefined;
  for (let frames = 0; at < bytes.length; frames++) {
    assert.ok(frames < 10_000 && at + 9 <= bytes.length, 'whole frames only');
    const length = bytes.readUIntBE(at, 3);
    const type = bytes[at + 3]!;
    const flags = bytes[at + 4]!;
    const id = bytes.readUInt32BE(at + 5) & 0x7fffffff;
    let payload = bytes.subarray(at + 9, at + 9 + length);
    assert.equal(payload.length, length, 'frame cut short');
    at += 9 + length;
    if ((type === 0 || type === 1) && flags & 0x08) payload = payload.subarray(1, payload.length - payload[0]!);
    if (type === 1 && flags & 0x20) payload = payload.subarray(5);
    if (type === 0) view(id).data = Buffer.concat([view(id).data, payload]);
    if (type === 1) block = { id, parts: [payload] };
    if (type === 9) block!.parts.push(payload);
    if ((type === 1 || type === 9) && flags & 0x04) {
      decoder.write(Buffer.concat(block!.parts));
      decoder.execute();
      const fields: HeaderPairs = [];
      for (let f = decoder.read(); f; f = decoder.read()) fields.push([f.name, f.value]);
      view(block!.id).headers.push(fields);
      block = undefined;
    }
  }
  return streams;
}

let cap: TapCapture;

before(async () => {
  cap = await runTap({
    protocol: 'http2',
    server: (req, res, body) => {
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-length': String(body.length) });
        res.end(body);
      } else if (req.url === '/download') {
        res.end(DOWNLOAD);
      } else {
        res.setHeader('x-path', req.url);
        res.end(`hello ${req.url}`);
      }
    },
    client: async (client) => {
      const first = await Promise.all([
        client.request({ path: '/a' }),
        client.request({ method: 'POST', path: '/echo', body: UPLOAD, headers: [['x-req', 'one']] }),
        client.request({ path: '/download' }),
        client.request({ path: '/b?x=1', headers: [['accept', 'text/plain']] }),
      ]);
      assert.deepEqual(first.map((r) => r.status), [200, 200, 200, 200]);
      await client.request({ path: '/second-session', connection: 'other' });
    },
  });
});

const onFd = (fd: number, direction: 'read' | 'write') => (e: ReadData) => e.fd === fd && e.direction === direction;

describe('HTTP/2 multi-stream through the tap', () => {
  it('ground truth: streams 1,3,5,7 on the first session, 1 on the second, bodies intact', () => {
    assert.equal(cap.connections.length, 2);
    assert.deepEqual(
      cap.truth.map((x) => [x.conn, x.streamId, x.index, x.request?.method, x.request?.path, x.response?.status]),
      [
        [0, 1, 0, 'GET', '/a', 200],
        [0, 3, 1, 'POST', '/echo', 200],
        [0, 5, 2, 'GET', '/download', 200],
        [0, 7, 3, 'GET', '/b?x=1', 200],
        [1, 1, 0, 'GET', '/second-session', 200],
      ],
    );
    assert.ok(Buffer.from(cap.truth[1]!.request!.body).equals(UPLOAD));
    assert.ok(Buffer.from(cap.truth[1]!.response!.body).equals(UPLOAD));
    assert.ok(Buffer.from(cap.truth[2]!.response!.body).equals(DOWNLOAD));
  });

  for (const dialect of ['raw', 'v2'] as const) {
    for (const side of ['client', 'server'] as const) {
      it(`${dialect}, ${side} side: frames decode to what each end really saw`, () => {
        const events = readEvents(cap.events({ dialect, side }));
        const requestDirection = side === 'client' ? 'write' : 'read';
        const responseDirection = side === 'client' ? 'read' : 'write';
        for (const conn of cap.connections) {
          const fd = 20 + conn.id;
          const requests = decodeH2(joinData(events, onFd(fd, requestDirection)), true);
          const responses = decodeH2(joinData(events, onFd(fd, responseDirection)), false);
          for (const x of cap.truth.filter((t) => t.conn === conn.id)) {
            const sent = requests.get(x.streamId!);
            const got = responses.get(x.streamId!);
            assert.ok(sent && got, `stream ${x.streamId} seen in both directions`);
            assert.deepEqual(sent.headers, [x.request!.headers], `request headers of stream ${x.streamId}`);
            assert.ok(sent.data.equals(x.request!.body), `request body of stream ${x.streamId}`);
            assert.deepEqual(got.headers, [x.response!.headers], `response headers of stream ${x.streamId}`);
            assert.ok(got.data.equals(x.response!.body), `response body of stream ${x.streamId}`);
          }
        }
      });
    }
  }

  it('raw: types 2/4 by direction, flipped between sides', () => {
    const client = readEvents(cap.events({ dialect: 'raw', side: 'client' })) as ReadData[];
    const server = readEvents(cap.events({ dialect: 'raw', side: 'server' })) as ReadData[];
    assert.ok(client.every((e) => e.type === (e.direction === 'write' ? 2 : 4)));
    assert.ok(server.every((e) => e.type === (e.direction === 'write' ? 2 : 4)));
    assert.deepEqual(
      client.map((e) => e.direction),
      server.map((e) => (e.direction === 'write' ? 'read' : 'write')),
    );
  });

  it('cutWritesAt16k on the server side cuts the long response writes only', () => {
    const serverChunks = cap.chunks.flatMap((c) => (c.kind === 'data' && c.from === 'server' ? [c.data] : []));
    const events = readEvents(cap.events({ dialect: 'raw', side: 'server', cutWritesAt16k: true })) as ReadData[];
    const writes = events.filter((e) => e.direction === 'write');
    assert.equal(writes.length, serverChunks.length);
    writes.forEach((e, i) => assert.ok(Buffer.from(e.data).equals(serverChunks[i]!.subarray(0, 16384))));
    const clientBytes = Buffer.concat(cap.chunks.flatMap((c) => (c.kind === 'data' && c.from === 'client' ? [c.data] : [])));
    assert.ok(joinData(events, (e) => e.direction === 'read').equals(clientBytes));
  });

  it('startAfterChunks: a session already open loses its connect line; the later one keeps it', () => {
    const firstOfSecond = cap.chunks.findIndex((c) => c.kind === 'open' && c.conn === 1);
    const skip = cap.chunks.slice(0, firstOfSecond).filter((c) => c.kind === 'data').length;
    const events = readEvents(cap.events({ dialect: 'v2', side: 'client', startAfterChunks: skip }));
    assert.deepEqual(
      events.filter((e) => e.kind === 'connect' && !e.destroy).map((e) => e.fd),
      [21],
    );
    assert.ok(!events.some((e) => e.kind === 'data' && e.fd === 20 && Buffer.from(e.data.subarray(0, 3)).toString('latin1') === 'PRI'));
  });

  it('left no TCP socket or server open', () => {
    assert.deepEqual(
      process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap'),
      [],
    );
  });
});
