// Real HTTP/2 traffic for the assembler tests: a Node h2c server and client on 127.0.0.1 talking
// through the shared tap relay, which records every chunk per direction. The ground truth is what
// each end itself saw (the server's raw request headers and bodies, the client's raw response
// headers, bodies and trailers), keyed by connection and stream id.

import { connect as connectH2, constants as h2constants, createServer as createH2Server } from 'node:http2';
import type {
  ClientHttp2Session,
  Http2Stream,
  IncomingHttpHeaders,
  OutgoingHttpHeaders,
  ServerHttp2Session,
  ServerHttp2Stream,
} from 'node:http2';

/** Node passes the raw header list as the last listener argument (absent from @types/node 20). */
type RawArg = string[] | undefined;
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startRelay } from '../../support/tap/start-relay.js';
import type { TapChunk, TapConnection } from '../../support/tap/types.js';
import { withTimeout } from '../../support/tap/with-timeout.js';

export type Pairs = Array<[string, string]>;

export interface StreamTruth {
  streamId: number;
  path: string;
  requestHeaders?: Pairs;
  requestBody?: Buffer;
  responseHeaders?: Pairs;
  /** Bytes as sent on the wire (still content-encoded). */
  responseBody: Buffer;
  trailers?: Pairs;
  rstCode?: number;
  pushed?: boolean;
  /** Refused by the server's GOAWAY. */
  refused?: boolean;
}

export interface Recording {
  chunks: TapChunk[];
  connections: TapConnection[];
  truth: Map<number, Map<number, StreamTruth>>;
  bigBody: Buffer;
  gzipBody: Buffer;
}

const pairs = (raw: readonly string[]): Pairs => {
  const out: Pairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
};

export const HUGE_VALUE = 'h'.repeat(40_000);
const TEXT = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet\n'.repeat(200);

function collect(stream: Http2Stream): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', () => resolve(Buffer.concat(parts)));
  });
}

export async function recordNodeH2Traffic(): Promise<Recording> {
  const bigBody = Buffer.alloc(1 << 20);
  for (let i = 0; i < bigBody.length; i++) bigBody[i] = (i * 131 + (i >> 9)) & 0xff;
  const gzipBody = gzipSync(TEXT);
  const server = createH2Server({ maxDeflateDynamicTableSize: 65536, settings: { maxHeaderListSize: 1 << 20 } });
  const serverSessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => serverSessions.add(session));
  const serverSeen = new Map<string, { raw: Pairs; body: Promise<Buffer> }>();
  let goawaySent = false;
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, _flags: number, rawHeaders?: RawArg) => {
    stream.on('error', () => undefined);
    const path = String(headers[':path']);
    const key = `${stream.session?.socket?.remotePort}/${stream.id}`;
    serverSeen.set(key, { raw: pairs(rawHeaders ?? []), body: collect(stream) });
    const done = (status: number, extra: OutgoingHttpHeaders, body: Buffer | string) => {
      if (stream.destroyed) return;
      stream.respond({ ':status': status, ...extra });
      stream.end(body);
    };
    if (path === '/echo') void serverSeen.get(key)!.body.then((b) => done(200, { 'content-type': 'application/octet-stream' }, b));
    else if (path === '/upload') void serverSeen.get(key)!.body.then((b) => done(201, { 'x-sha': createHash('sha256').update(b).digest('hex') }, 'stored'));
    else if (path === '/big') done(200, { 'content-type': 'application/octet-stream' }, bigBody);
    else if (path === '/gzip') done(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, gzipBody);
    else if (path === '/huge') done(200, { 'x-huge': HUGE_VALUE }, 'huge');
    else if (path === '/trailers') {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'fine' }));
      stream.end(Buffer.from([0, 0, 0, 0, 3, 1, 2, 3]));
    } else if (path === '/push') {
      stream.pushStream({ ':path': '/pushed.css' }, (err: Error | null, push: ServerHttp2Stream) => {
        if (err) return;
        push.on('error', () => undefined);
        push.respond({ ':status': 200, 'content-type': 'text/css' });
        push.end('body{color:red}');
        done(200, { 'content-type': 'text/html' }, '<link rel=stylesheet href=/pushed.css>');
      });
    } else if (path === '/slow') {
      // never answered: the client cancels it
    } else if (path.startsWith('/goaway')) {
      if (!goawaySent) {
        goawaySent = true;
        setTimeout(() => {
          stream.session?.goaway(0, stream.id);
          done(200, {}, 'first');
        }, 100);
      }
    } else {
      // A long per-path value: wave 2 repeats paths, so it references entries far back in a table
      // that only the 65536-byte HEADER_TABLE_SIZE the client announced can hold.
      done(200, { 'x-item': path, 'x-tag': `t${path.length}`, 'x-note': `note ${path} ${'n'.repeat(150)}` }, `item ${path}`);
    }
  });
  await withTimeout(new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())), 2000, 'h2 listen');
  const port = (server.address() as { port: number }).port;
  const relay = await startRelay({ ip: '127.0.0.1', port }, 'http2');
  const truth = new Map<number, Map<number, StreamTruth>>();

  try {
    const request = (
      session: ClientHttp2Session,
      headers: OutgoingHttpHeaders,
      body?: Buffer,
      opts: { cancelAfterMs?: number } = {},
    ): Promise<StreamTruth> =>
      new Promise((resolve) => {
        const req = session.request(headers, { endStream: body === undefined });
        const row: StreamTruth = { streamId: 0, path: String(headers[':path']), responseBody: Buffer.alloc(0) };
        if (body) row.requestBody = body;
        req.on('response', (_h: IncomingHttpHeaders, _f: number, raw?: RawArg) => (row.responseHeaders = pairs(raw ?? [])));
        req.on('trailers', (t) => (row.trailers = Object.entries(t).map(([k, v]) => [k, String(v)] as [string, string])));
        const parts: Buffer[] = [];
        req.on('data', (c: Buffer) => parts.push(c));
        req.on('error', () => (row.refused = true));
        req.on('close', () => {
          row.streamId = req.id ?? 0;
          row.responseBody = Buffer.concat(parts);
          row.rstCode = req.rstCode;
          resolve(row);
        });
        if (body) req.end(body);
        if (opts.cancelAfterMs !== undefined) setTimeout(() => req.close(h2constants.NGHTTP2_CANCEL), opts.cancelAfterMs);
      });

    const connect = async () => {
      const session = connectH2(`http://127.0.0.1:${relay.address.port}`, {
        settings: { headerTableSize: 65536, maxHeaderListSize: 1 << 20, enablePush: true },
      });
      session.on('error', () => undefined);
      await withTimeout(new Promise<void>((r) => session.once('connect', () => r())), 2000, 'h2 connect');
      const conn = relay.connectionByClientPort(session.socket.localPort!)!;
      const rows = new Map<number, StreamTruth>();
      truth.set(conn.id, rows);
      return { session, rows };
    };

    // Connection 1: everything at once, then a second wave re-using the dynamic tables.
    const one = await connect();
    one.session.on('stream', (pushed, reqHeaders) => {
      const row: StreamTruth = { streamId: pushed.id ?? 0, path: String(reqHeaders[':path']), responseBody: Buffer.alloc(0), pushed: true };
      pushed.on('push', (_h: IncomingHttpHeaders, _f: number, raw?: RawArg) => (row.responseHeaders = pairs(raw ?? [])));
      const parts: Buffer[] = [];
      pushed.on('data', (c: Buffer) => parts.push(c));
      pushed.on('error', () => undefined);
      pushed.on('close', () => {
        row.responseBody = Buffer.concat(parts);
        one.rows.set(row.streamId, row);
      });
    });
    const upload = Buffer.from(bigBody.subarray(0, 1 << 20)).reverse();
    const wave1 = [
      request(one.session, { ':method': 'POST', ':path': '/echo', 'content-type': 'application/octet-stream' }, Buffer.from('echo me')),
      request(one.session, { ':path': '/big' }),
      request(one.session, { ':method': 'POST', ':path': '/upload' }, upload),
      request(one.session, { ':path': '/trailers', 'te': 'trailers' }),
      request(one.session, { ':path': '/gzip', 'accept-encoding': 'gzip' }),
      request(one.session, { ':path': '/huge', 'x-big-request': HUGE_VALUE }),
      request(one.session, { ':path': '/push' }),
      request(one.session, { ':path': '/slow' }, undefined, { cancelAfterMs: 150 }),
      ...Array.from({ length: 30 }, (_, i) => request(one.session, { ':path': `/item?i=${i}`, 'x-request-id': `req-${i}`, 'x-tenant': `tenant-${i % 3}` })),
    ];
    for (const row of await withTimeout(Promise.all(wave1), 10_000, 'wave 1')) one.rows.set(row.streamId, row);
    const wave2 = Array.from({ length: 20 }, (_, i) =>
      request(one.session, { ':path': `/item?i=${i % 5}`, 'x-request-id': `again-${i}`, 'x-tenant': `tenant-${i % 3}`, cookie: `session=${'c'.repeat(200 + i)}` }),
    );
    for (const row of await withTimeout(Promise.all(wave2), 10_000, 'wave 2')) one.rows.set(row.streamId, row);
    one.session.close();

    // Connection 2: three requests; the server answers the first with a GOAWAY naming it last.
    const two = await connect();
    const refused = await withTimeout(Promise.all([0, 1, 2].map((i) => request(two.session, { ':path': `/goaway-${i}` }))), 10_000, 'goaway');
    for (const row of refused) two.rows.set(row.streamId, row);
    two.session.close();

    await relay.settle(3000);
    // Attach what the server saw (request headers as received, request bodies).
    for (const conn of relay.connections) {
      const rows = truth.get(conn.id);
      if (!rows) continue;
      for (const row of rows.values()) {
        const seen = serverSeen.get(`${conn.upstream.port}/${row.streamId}`);
        if (seen && !row.pushed) row.requestHeaders = seen.raw;
      }
    }
    return { chunks: [...relay.chunks], connections: [...relay.connections], truth, bigBody, gzipBody };
  } finally {
    await relay.close();
    for (const session of serverSessions) session.destroy();
    // A ref'd timer: server.close may wait on sessions that no longer hold the event loop open.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
