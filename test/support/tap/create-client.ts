// The client side of a tap scenario: real Node `http`/`http2` clients (one keep-alive connection
// or one session per `connection` key) and raw sockets, all aimed at the relay, all closed by
// `shutdown`. Each finished response is reported to the truth ledger from the client's own view.

import { Agent, request as http1Request } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import type { ClientHttp2Session, OutgoingHttpHeaders as Http2Headers } from 'node:http2';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { pairsFromObject, pairsFromRaw } from './collect-truth.js';
import type { HeaderPairs, TruthResponse } from './collect-truth.js';
import type { Endpoint, TapProtocol } from './types.js';
import { sleep, withTimeout } from './with-timeout.js';

export interface TapRequest {
  method?: string;
  /** Request-target (HTTP/1) or `:path` (HTTP/2). */
  path: string;
  /** Sent in this order; Node adds Host/`:authority` and, with a body, Content-Length unless given. */
  headers?: HeaderPairs;
  body?: Uint8Array | string;
  /** Requests with the same key share one keep-alive connection / HTTP/2 session. Default 'default'. */
  connection?: string;
}

export interface TapResponse extends TruthResponse {
  body: Buffer;
  /** TapConnection.id the exchange went over. */
  conn: number;
  /** HTTP/2 stream id. */
  streamId?: number;
}

/** A raw TCP connection through the relay (pipelining, garbage, half-close cases). */
export interface RawConnection {
  readonly socket: Socket;
  /** The client's local port: `cap.connections.find((c) => c.client.port === localPort)`. */
  readonly localPort: number;
  write(bytes: Uint8Array | string): Promise<void>;
  /** Everything received so far. */
  received(): Buffer;
  /** Waits until `done(received)` holds (checked on every arrival); rejects after `timeoutMs`. */
  waitFor(done: (received: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>;
  /** Half-closes and waits (bounded) for the peer to finish and the socket to close. */
  end(timeoutMs?: number): Promise<void>;
}

export interface TapClient {
  /** The relay: where every client connects. */
  readonly address: Endpoint;
  request(request: TapRequest): Promise<TapResponse>;
  connect(): Promise<RawConnection>;
  /** Closes the keep-alive connection / session of `connection` (default 'default'); the next request opens a new one. */
  closeConnection(connection?: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export interface ClientHooks {
  protocol: TapProtocol;
  address: Endpoint;
  timeoutMs: number;
  connectionOf(localPort: number): number;
  /** A response has fully arrived (HTTP/2: with its stream id). */
  onResponse(conn: number, streamId: number | undefined, response: TruthResponse): void;
}

export interface ClientHandle {
  client: TapClient;
  /** Closes every connection the scenario opened; bounded by `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
}

function toBuffer(body: Uint8Array | string | undefined): Buffer | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function hasHeader(headers: HeaderPairs, name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name);
}

function headerObject(headers: HeaderPairs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const prior = out[name];
    out[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return out;
}

export function createClient(hooks: ClientHooks): ClientHandle {
  const agents = new Map<string, Agent>();
  const sessions = new Map<string, ClientHttp2Session>();
  const rawSockets = new Set<Socket>();
  const { address, timeoutMs } = hooks;

  const http1 = (req: TapRequest): Promise<TapResponse> => {
    const key = req.connection ?? 'default';
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.set(key, agent);
    }
    const body = toBuffer(req.body);
    const headers = [...(req.headers ?? [])];
    if (body && !hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
      headers.push(['Content-Length', String(body.length)]);
    }
    return new Promise<TapResponse>((resolve, reject) => {
      const outgoing = http1Request({
        host: address.ip,
        port: address.port,
        method: req.method ?? 'GET',
        path: req.path,
        headers: headerObject(headers) as OutgoingHttpHeaders,
        agent,
      });
      let localPort = 0;
      outgoing.on('socket', (socket) => {
        const note = (): void => void (localPort = socket.localPort ?? 0);
        if (socket.localPort) note();
        else socket.once('connect', note);
      });
      outgoing.on('error', reject);
      outgoing.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('error', reject);
        res.on('end', () => {
          const conn = hooks.connectionOf(localPort);
          const response = {
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            httpVersion: res.httpVersion,
            headers: pairsFromRaw(res.rawHeaders),
            body: Buffer.concat(parts),
            trailers: pairsFromRaw(res.rawTrailers),
          };
          hooks.onResponse(conn, undefined, response);
          resolve({ ...response, conn });
        });
      });
      outgoing.end(body);
    });
  };

  const http2 = (req: TapRequest): Promise<TapResponse> => {
    const key = req.connection ?? 'default';
    let session = sessions.get(key);
    if (!session || session.closed || session.destroyed) {
      session = http2Connect(`http://${address.ip}:${address.port}`);
      session.on('error', () => undefined); // surfaced through the stream's own error
      sessions.set(key, session);
    }
    const body = toBuffer(req.body);
    const headers: Http2Headers = { ':method': req.method ?? 'GET', ':path': req.path, ...headerObject(req.headers ?? []) };
    const stream = session.request(headers, { endStream: body === undefined });
    const owner = session;
    return new Promise<TapResponse>((resolve, reject) => {
      const parts: Buffer[] = [];
      let status = 0;
      let responseHeaders: HeaderPairs = [];
      let trailers: HeaderPairs = [];
      stream.on('response', (head, _flags, raw?: string[]) => {
        status = Number(head[':status'] ?? 0);
        responseHeaders = raw ? pairsFromRaw(raw) : pairsFromObject(head as Record<string, string>);
      });
      stream.on('trailers', (head) => void (trailers = pairsFromObject(head as Record<string, string>)));
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('error', reject);
      stream.on('close', () => {
        if (status === 0) return reject(new Error(`HTTP/2 stream ${stream.id ?? '?'} closed without a response (rst ${stream.rstCode})`));
        const conn = hooks.connectionOf(owner.socket.localPort ?? 0);
        const response = {
          status,
          httpVersion: '2.0',
          headers: responseHeaders,
          body: Buffer.concat(parts),
          trailers,
          rstCode: stream.rstCode ?? 0,
        };
        hooks.onResponse(conn, stream.id, response);
        resolve({ ...response, conn, ...(stream.id !== undefined ? { streamId: stream.id } : {}) });
      });
      if (body !== undefined) stream.end(body);
    });
  };

  const connect = async (): Promise<RawConnection> => {
    const socket = netConnect({ host: address.ip, port: address.port, allowHalfOpen: true });
    rawSockets.add(socket);
    socket.once('close', () => rawSockets.delete(socket));
    const parts: Buffer[] = [];
    const waiters = new Set<() => void>();
    const wake = (): void => waiters.forEach((w) => w());
    socket.on('data', (part: Buffer) => {
      parts.push(part);
      wake();
    });
    socket.on('error', () => undefined); // checked through waitFor/end
    socket.on('end', wake);
    await withTimeout(new Promise<void>((resolve) => socket.once('connect', () => resolve())), timeoutMs, 'raw connect');
    const received = (): Buffer => Buffer.concat(parts);
    return {
      socket,
      localPort: socket.localPort ?? 0,
      write: (bytes) =>
        withTimeout(
          new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve()))),
          timeoutMs,
          'raw write',
        ),
      received,
      waitFor(done, ms = timeoutMs) {
        let check: (() => void) | undefined;
        const waiting = new Promise<Buffer>((resolve, reject) => {
          check = (): void => {
            const now = received();
            if (done(now)) resolve(now);
            else if (socket.readableEnded || socket.destroyed) reject(new Error('raw socket ended before the condition held'));
          };
          waiters.add(check);
          check();
        });
        return withTimeout(waiting, ms, 'raw waitFor').finally(() => check && waiters.delete(check));
      },
      async end(ms = timeoutMs) {
        socket.end();
        if (!socket.destroyed) socket.resume();
        await withTimeout(new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve()))), ms, 'raw end').catch(
          () => socket.destroy(),
        );
      },
    };
  };

  const closeConnection = async (key = 'default'): Promise<void> => {
    agents.get(key)?.destroy();
    agents.delete(key);
    const session = sessions.get(key);
    sessions.delete(key);
    if (session) await closeSession(session, timeoutMs);
  };

  const client: TapClient = {
    address,
    request: (req) => withTimeout(hooks.protocol === 'http2' ? http2(req) : http1(req), timeoutMs, `request ${req.method ?? 'GET'} ${req.path}`),
    connect,
    closeConnection,
    sleep: (ms) => sleep(Math.min(ms, timeoutMs)),
  };

  return {
    client,
    async shutdown(ms) {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
      await Promise.all([...sessions.values()].map((s) => closeSession(s, ms)));
      sessions.clear();
      await Promise.all(
        [...rawSockets].map((socket) =>
          withTimeout(new Promise<void>((resolve) => (socket.end(), socket.resume(), socket.once('close', () => resolve()))), ms, 'raw close').catch(() =>
            socket.destroy(),
          ),
        ),
      );
    },
  };
}

async function closeSession(session: ClientHttp2Session, timeoutMs: number): Promise<void> {
  if (session.destroyed) return;
  await withTimeout(new Promise<void>((resolve) => session.close(() => resolve())), timeoutMs, 'http2 session close').catch(() =>
    session.destroy(),
  );
}
