// Serves a recording (.ldpb) over a real WebSocket server the way eCapture's eCaptureQ server
// behaves (protocol reference §1): 403 without an Origin (or `Origin: null`), 400 for two or more
// subprotocols, any path, binary frames, one LogEntry per message, heartbeats every 15 s, pings
// answered. Every client gets the whole file from the start, verbatim and in order, streamed from
// disk with send back-pressure. A recording of events alone (no run log, no heartbeat) is preceded
// by synthesised start-up run logs and `heartbeat:0`, as a live eCapture would send on connect.

import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { decodeLogEntry } from '../decode/decode-log-entry.js';
import type { DecodedRecord } from '../decode/records.js';
import { encodeHeartbeatEntry, encodeRunLogEntry, synthesizedStartupRunLogs } from './encode-server-entries.js';
import { readDelimitedMessages } from './read-delimited-messages.js';

export interface ReplayServerOptions {
  file: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Pace events by their timestamps (default false: as fast as the client reads). */
  realtime?: boolean;
  /** Real-time speed factor (2 = twice as fast); default 1. */
  speed?: number;
  /** Default 15000, as eCapture v1.5+. */
  heartbeatIntervalMs?: number;
  signal?: AbortSignal;
  /** Close each client with 1000 after its last entry (demos, tests). */
  closeWhenDone?: boolean;
}

export interface ReplayServer {
  /** ws://host:port/ */
  url: string;
  port: number;
  /** Terminates every client and stops listening. Idempotent. */
  close(): Promise<void>;
  /** Settles once the server has closed (close() or the signal); never rejects. */
  done: Promise<void>;
}

export class ReplayFileError extends Error {
  readonly code = 'ECAPTURE_REPLAY_FILE';
  constructor(file: string, cause: unknown) {
    super(`cannot serve ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ReplayFileError';
  }
}

/** Above this many bytes queued on a client socket, wait for the send to complete. */
const SEND_HIGH_WATER_BYTES = 1024 * 1024;
/** Entries up to the size a client accepts by default (one v1 event can be a whole window). */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** Pauses taken from event timestamps are capped: clocks of different producers do not compare. */
const MAX_PAUSE_MS = 10_000;

export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { file } = options;
  const eventsOnly = await holdsEventsOnly(file, options.signal);
  const startupRunLogs = eventsOnly ? synthesizedStartupRunLogs(new Date(), basename(file)).map(encodeRunLogEntry) : [];
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);

  const httpServer = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
  });
  const wss = new WebSocketServer({
    server: httpServer,
    perMessageDeflate: false,
    maxPayload: 1024 * 1024,
    verifyClient: (info: { origin: string; req: IncomingMessage }, callback: (ok: boolean, code?: number, message?: string) => void) => {
      const origin = info.origin;
      if (origin === undefined || origin === '' || origin === 'null') return callback(false, 403, 'Forbidden');
      if (countSubprotocols(info.req) >= 2) return callback(false, 400, 'Bad Request');
      callback(true);
    },
  });

  const clients = new Set<{ socket: WebSocket; stop: AbortController }>();
  wss.on('connection', (socket: WebSocket) => {
    const client = { socket, stop: new AbortController() };
    clients.add(client);
    socket.on('close', () => {
      client.stop.abort();
      clients.delete(client);
    });
    socket.on('error', () => {});
    // eCapture discards what clients send; ws answers pings by itself.
    void serveClient(client.socket, client.stop.signal);
  });

  async function serveClient(socket: WebSocket, stop: AbortSignal): Promise<void> {
    let heartbeatCount = 0;
    const sendHeartbeat = (): void => {
      if (socket.readyState === socket.OPEN) socket.send(encodeHeartbeatEntry(heartbeatCount++, Date.now() / 1000), { binary: true });
    };
    if (eventsOnly) {
      for (const entry of startupRunLogs) socket.send(entry, { binary: true });
      sendHeartbeat();
    } else {
      heartbeatCount = 1; // the recording carries the connect heartbeat
    }
    const heartbeats = setInterval(sendHeartbeat, heartbeatIntervalMs);
    stop.addEventListener('abort', () => clearInterval(heartbeats), { once: true });
    try {
      await streamRecording(socket, stop);
    } catch {
      // The client went away or the server is closing: nothing to report to anyone.
      return;
    }
    if (options.closeWhenDone === true && socket.readyState === socket.OPEN) {
      clearInterval(heartbeats);
      socket.close(1000, 'replay complete');
    }
  }

  async function streamRecording(socket: WebSocket, stop: AbortSignal): Promise<void> {
    const pacer = options.realtime === true ? new EventPacer(speed) : undefined;
    for await (const { message } of readDelimitedMessages(file, { signal: stop, maxMessageBytes: MAX_ENTRY_BYTES })) {
      if (pacer !== undefined) {
        const pauseMs = pacer.pauseBefore(decodeLogEntry(message));
        if (pauseMs > 0) await sleep(pauseMs, undefined, { signal: stop });
      }
      if (socket.readyState !== socket.OPEN) return;
      const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
      if (socket.bufferedAmount < SEND_HIGH_WATER_BYTES) {
        socket.send(bytes, { binary: true });
      } else {
        await new Promise<void>((resolve) => socket.send(bytes, { binary: true }, () => resolve()));
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      options.signal?.removeEventListener('abort', onAbort);
      for (const client of clients) {
        client.stop.abort();
        client.socket.terminate();
      }
      wss.close();
      httpServer.close(() => resolve());
      httpServer.closeAllConnections();
    });
    return closing;
  };
  const onAbort = (): void => void close();
  if (options.signal?.aborted) void close();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<void>((resolve) => httpServer.once('close', () => resolve()));
  return { url: `ws://${host}:${address.port}/`, port: address.port, close, done };
}

/** True when the recording holds no run log and no heartbeat (read until the first one). */
async function holdsEventsOnly(file: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    for await (const { message } of readDelimitedMessages(file, signal === undefined ? { maxMessageBytes: MAX_ENTRY_BYTES } : { signal, maxMessageBytes: MAX_ENTRY_BYTES })) {
      const kind = decodeLogEntry(message).kind;
      if (kind === 'runLog' || kind === 'heartbeat') return false;
    }
    return true;
  } catch (error) {
    throw new ReplayFileError(file, error);
  }
}

function countSubprotocols(request: IncomingMessage): number {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return 0;
  return header.split(',').filter((name) => name.trim() !== '').length;
}

/** Turns event timestamps into pauses; entries without a time, or on another clock, go at once. */
class EventPacer {
  #previous: { clock: string; ms: number } | undefined;
  readonly #speed: number;

  constructor(speed: number) {
    this.#speed = speed;
  }

  pauseBefore(record: DecodedRecord): number {
    if (record.kind !== 'event' || record.sub !== 'data') return 0;
    const time = record.time;
    let ms: number;
    if (time.clock === 'unix-ns' || time.clock === 'boot-ns') ms = Number(time.ns / 1_000_000n);
    else if (time.clock === 'local') ms = time.ms;
    else return 0;
    const previous = this.#previous;
    this.#previous = { clock: time.clock, ms };
    if (previous === undefined || previous.clock !== time.clock) return 0;
    return Math.min(MAX_PAUSE_MS, Math.max(0, ms - previous.ms)) / this.#speed;
  }
}
