// The connection layer shared by openWebSocket (which yields decoded records) and the recorder
// (which also needs each message's bytes, verbatim): one reconnecting eCaptureQ client that yields
// every received message with its bytes and decoded record, plus the source's own records
// (connected / disconnected / reconnected / gap).
//
// Messages are read eagerly (socket back-pressure is never used) into a bounded queue; the
// consumer pulls. All sockets and timers of a source live in one WebSocketConnector and are
// released by its #finish(): on abort, on return(), on the end of the stream, on a fatal error.
//
// Records, in order:
// - first successful connect: `connected`;
// - a live connection drops (close of any code, error, watchdog): `disconnected`; an error (e.g. a
//   protocol error) ends the TCP connection at once, without waiting for a closing handshake; then, if a
//   reconnect succeeds, `gap` {reason 'reconnect', sinceMs, untilMs} and `reconnected`; if the
//   source ends instead (reconnect off, attempts exhausted): `gap` {reason 'closed'};
// - a connect attempt fails: with reconnect on, one `disconnected` per failed attempt
//   (reason 'connect failed: …'), and retrying goes on with backoff; with reconnect off, the
//   iterator throws WebSocketConnectError;
// - the upgrade is answered with an HTTP status (403, 400, …): HandshakeRejectedError at once,
//   never retried (5xx, 408, 429 are retried like a failed attempt);
// - the bounded queue overflowed: `gap` {reason 'queue-overflow', dropped} where the loss happened.
// An abort (signal) or return() ends the iterator at once (done, no error), dropping queued items.

import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { DecodeOptions } from '../decode/decode-options.js';
import { decodeLogEntry } from '../decode/decode-log-entry.js';
import { undecodableTextFrame } from '../decode/undecodable.js';
import type { DecodedRecord, GapRecord, SourceRecord } from '../decode/records.js';
import { BoundedQueue } from './bounded-queue.js';
import type { DroppedRun } from './bounded-queue.js';
import { backoffDelayMs, resolveReconnectPolicy } from './reconnect-backoff.js';
import type { ReconnectOption, ReconnectPolicy } from './reconnect-backoff.js';
import { RunLogReplayFilter } from './run-log-replay-filter.js';
import { HandshakeRejectedError, WebSocketConnectError, WebSocketOptionsError, isRetryableHandshakeStatus } from './websocket-errors.js';

export interface WebSocketSourceOptions {
  /** Origin header; default 'http://localhost/' (eCapture answers 403 without one). */
  origin?: string;
  /** Largest message accepted; default 256 MiB (one v1 event can carry a whole aggregated window). */
  maxPayload?: number;
  /** Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Default on: jittered exponential backoff, 0.5 s doubling up to 30 s, no attempt limit. */
  reconnect?: ReconnectOption;
  /** No message and no pong for this long ⇒ dead link. Default max(45 s, 3 × largest heartbeat interval seen). */
  watchdogMs?: number;
  /** Ping period; default 15 s, or watchdogMs / 3 when watchdogMs is set. */
  pingIntervalMs?: number;
  /** Undelivered messages held for a slow consumer before dropping; default 8192. */
  queueLimit?: number;
  signal?: AbortSignal;
  decode?: DecodeOptions;
}

/** One received message: its bytes exactly as received and what they decode to. */
export interface WebSocketMessageItem {
  kind: 'message';
  data: Uint8Array;
  binary: boolean;
  record: DecodedRecord;
  receivedAt: number;
}
export interface WebSocketSourceItem {
  kind: 'source';
  record: SourceRecord;
  receivedAt: number;
}
export type WebSocketItem = WebSocketMessageItem | WebSocketSourceItem;

export const DEFAULT_ORIGIN = 'http://localhost/';
export const DEFAULT_MAX_PAYLOAD = 256 * 1024 * 1024;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
export const DEFAULT_QUEUE_LIMIT = 8192;
/** §1: ~45 s without any message ⇒ dead link. */
export const MIN_DEFAULT_WATCHDOG_MS = 45_000;
export const DEFAULT_PING_INTERVAL_MS = 15_000;

/** Opens a reconnecting eCaptureQ connection; connecting starts at the first next(). */
export function openWebSocketMessages(url: string, options: WebSocketSourceOptions = {}): AsyncIterableIterator<WebSocketItem> {
  return new WebSocketConnector(url, options);
}

interface Attempt {
  socket: WebSocket;
  opened: boolean;
  messages: number;
  error?: Error;
  rejectedStatus?: number;
  watchdogReason?: string;
  lastHeartbeatAt?: number;
}

type ConnectorState = 'idle' | 'connecting' | 'open' | 'waiting-to-retry' | 'finished';

class WebSocketConnector implements AsyncIterableIterator<WebSocketItem> {
  #state: ConnectorState = 'idle';
  readonly #url: string;
  readonly #options: WebSocketSourceOptions;
  readonly #policy: ReconnectPolicy | undefined;
  readonly #queue: BoundedQueue<WebSocketItem>;
  readonly #replayFilter = new RunLogReplayFilter();
  readonly #pingIntervalMs: number;
  #attempt: Attempt | undefined;
  #everConnected = false;
  /** Attempts since the last connection that delivered a message. */
  #failures = 0;
  #disconnectedAt: number | undefined;
  #largestHeartbeatIntervalMs = 0;
  #lastActivityAt = 0;
  #lastPingAt = 0;
  #tickTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #onAbort = (): void => this.#finish();

  constructor(url: string, options: WebSocketSourceOptions) {
    this.#url = checkUrl(url);
    this.#options = options;
    this.#policy = resolveReconnectPolicy(options.reconnect);
    this.#pingIntervalMs = options.pingIntervalMs ?? (options.watchdogMs === undefined ? DEFAULT_PING_INTERVAL_MS : options.watchdogMs / 3);
    checkPositive('watchdogMs', options.watchdogMs);
    checkPositive('pingIntervalMs', this.#pingIntervalMs);
    checkPositive('maxPayload', options.maxPayload);
    checkPositive('handshakeTimeoutMs', options.handshakeTimeoutMs);
    this.#queue = new BoundedQueue<WebSocketItem>({
      limit: options.queueLimit ?? DEFAULT_QUEUE_LIMIT,
      onDropped: (run) => overflowGap(run),
    });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<WebSocketItem> {
    return this;
  }

  next(): Promise<IteratorResult<WebSocketItem, undefined>> {
    if (this.#state === 'idle') this.#start();
    return this.#queue.shift();
  }

  return(): Promise<IteratorResult<WebSocketItem, undefined>> {
    this.#finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  #start(): void {
    const signal = this.#options.signal;
    if (signal?.aborted) {
      this.#finish();
      return;
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#connect();
  }

  get #watchdogMs(): number {
    return this.#options.watchdogMs ?? Math.max(MIN_DEFAULT_WATCHDOG_MS, 3 * this.#largestHeartbeatIntervalMs);
  }

  #connect(): void {
    this.#state = 'connecting';
    const socket = new WebSocket(this.#url, {
      origin: this.#options.origin ?? DEFAULT_ORIGIN,
      maxPayload: this.#options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      handshakeTimeout: this.#options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
      followRedirects: false,
    });
    const attempt: Attempt = { socket, opened: false, messages: 0 };
    this.#attempt = attempt;
    socket.on('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => {
      attempt.rejectedStatus = response.statusCode ?? 0;
      socket.terminate();
    });
    socket.on('open', () => this.#onOpen(attempt));
    socket.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(attempt, data, isBinary));
    socket.on('pong', () => {
      if (this.#attempt === attempt) this.#lastActivityAt = Date.now();
    });
    socket.on('error', (error: Error) => {
      attempt.error ??= error;
      // A protocol error (invalid frame, oversized message, …) makes ws send its close frame and
      // then wait up to closeTimeout (30 s) for the server's FIN; a server that sends garbage may
      // never answer. The link is unusable either way, so drop it now: 'close' fires at once.
      // While connecting, ws has already aborted the handshake itself.
      if (socket.readyState !== WebSocket.CONNECTING) socket.terminate();
    });
    socket.on('close', (code: number, reason: Buffer) => this.#onClose(attempt, code, reason.toString('utf8')));
  }

  #onOpen(attempt: Attempt): void {
    if (this.#attempt !== attempt || this.#state === 'finished') return;
    attempt.opened = true;
    this.#state = 'open';
    const now = Date.now();
    this.#lastActivityAt = now;
    this.#lastPingAt = now;
    this.#replayFilter.startConnection(now);
    if (!this.#everConnected) {
      this.#everConnected = true;
      this.#pushSource({ kind: 'connected', url: this.#url }, now);
    } else {
      this.#pushSource({ kind: 'gap', reason: 'reconnect', sinceMs: this.#disconnectedAt ?? now, untilMs: now }, now);
      this.#pushSource({ kind: 'reconnected', url: this.#url, attempt: Math.max(this.#failures, 1) }, now);
    }
    const tickMs = Math.max(5, Math.min(this.#pingIntervalMs, this.#watchdogMs / 4));
    this.#tickTimer = setInterval(() => this.#tick(attempt), tickMs);
  }

  #onMessage(attempt: Attempt, data: RawData, isBinary: boolean): void {
    if (this.#attempt !== attempt || this.#state !== 'open') return;
    const now = Date.now();
    this.#lastActivityAt = now;
    // A connection that delivers data has proven itself: the next drop starts backoff afresh.
    if (attempt.messages++ === 0) this.#failures = 0;
    const bytes = asUint8Array(data);
    const record = isBinary ? decodeLogEntry(bytes, this.#options.decode) : undecodableTextFrame(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    if (record.kind === 'heartbeat') {
      if (attempt.lastHeartbeatAt !== undefined) {
        this.#largestHeartbeatIntervalMs = Math.max(this.#largestHeartbeatIntervalMs, now - attempt.lastHeartbeatAt);
      }
      attempt.lastHeartbeatAt = now;
    }
    if (this.#replayFilter.isRepeat(record, now)) return;
    this.#queue.push({ kind: 'message', data: bytes, binary: isBinary, record, receivedAt: now });
  }

  /** Liveness: ping now and then; no message and no pong for the watchdog period ⇒ dead. */
  #tick(attempt: Attempt): void {
    if (this.#attempt !== attempt || this.#state !== 'open') return;
    const now = Date.now();
    const silentMs = now - this.#lastActivityAt;
    const watchdogMs = this.#watchdogMs;
    if (silentMs >= watchdogMs) {
      attempt.watchdogReason = `watchdog: no message and no pong for ${silentMs} ms (limit ${watchdogMs} ms)`;
      attempt.socket.terminate();
      return;
    }
    if (now - this.#lastPingAt >= this.#pingIntervalMs) {
      this.#lastPingAt = now;
      attempt.socket.ping();
    }
  }

  #onClose(attempt: Attempt, code: number, reasonText: string): void {
    if (this.#attempt !== attempt || this.#state === 'finished') return;
    this.#clearTimers();
    const now = Date.now();
    const status = attempt.rejectedStatus;
    if (status !== undefined && !isRetryableHandshakeStatus(status)) {
      this.#fail(new HandshakeRejectedError(this.#url, status));
      return;
    }
    if (!attempt.opened) {
      const reason = `connect failed: ${status !== undefined ? `HTTP ${status}` : describeError(attempt.error)}`;
      if (this.#policy === undefined) {
        this.#fail(new WebSocketConnectError(this.#url, reason.slice('connect failed: '.length), this.#failures + 1, attempt.error));
        return;
      }
      this.#pushSource({ kind: 'disconnected', url: this.#url, reason }, now);
      this.#retryOrGiveUp(reason, attempt.error);
      return;
    }
    const reason = attempt.watchdogReason ?? describeClose(code, reasonText, attempt.error, this.#options.maxPayload ?? DEFAULT_MAX_PAYLOAD);
    this.#pushSource({ kind: 'disconnected', url: this.#url, code, reason }, now);
    this.#disconnectedAt = now;
    if (this.#policy === undefined) {
      this.#pushSource({ kind: 'gap', reason: 'closed', sinceMs: now }, now);
      this.#queue.end();
      this.#finish({ keepQueue: true });
      return;
    }
    this.#retryOrGiveUp(reason, attempt.error);
  }

  #retryOrGiveUp(reason: string, cause: unknown): void {
    const policy = this.#policy!;
    this.#failures++;
    if (this.#failures > policy.maxAttempts) {
      if (this.#everConnected) this.#pushSource({ kind: 'gap', reason: 'closed', sinceMs: this.#disconnectedAt ?? Date.now() }, Date.now());
      this.#fail(new WebSocketConnectError(this.#url, reason, this.#failures, cause));
      return;
    }
    this.#state = 'waiting-to-retry';
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#state === 'waiting-to-retry') this.#connect();
    }, backoffDelayMs(policy, this.#failures));
  }

  #pushSource(record: SourceRecord, receivedAt: number): void {
    this.#queue.push({ kind: 'source', record, receivedAt }, { force: true });
  }

  /** Queued items are still delivered, then `error` is thrown from next(). */
  #fail(error: Error): void {
    this.#queue.fail(error);
    this.#finish({ keepQueue: true });
  }

  #clearTimers(): void {
    clearInterval(this.#tickTimer);
    clearTimeout(this.#retryTimer);
    this.#tickTimer = undefined;
    this.#retryTimer = undefined;
  }

  /** Releases the socket, every timer and the abort listener. Idempotent. */
  #finish(options?: { keepQueue?: boolean }): void {
    if (options?.keepQueue !== true) this.#queue.close();
    if (this.#state === 'finished') return;
    this.#state = 'finished';
    this.#clearTimers();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    const socket = this.#attempt?.socket;
    this.#attempt = undefined;
    socket?.terminate();
  }
}

function overflowGap(run: DroppedRun): WebSocketItem {
  const record: GapRecord = { kind: 'gap', reason: 'queue-overflow', sinceMs: run.sinceMs, untilMs: run.untilMs, dropped: run.dropped };
  return { kind: 'source', record, receivedAt: run.untilMs };
}

/** ws hands out Buffers (views into socket chunks); records carry plain Uint8Array views. */
function asUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function describeError(error: Error | undefined): string {
  if (error === undefined) return 'connection closed';
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

function describeClose(code: number, reasonText: string, error: Error | undefined, maxPayload: number): string {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return `closed: a message exceeded maxPayload (${maxPayload} bytes); raise maxPayload to accept it`;
  }
  const detail = reasonText !== '' ? `: ${reasonText}` : error !== undefined ? `: ${describeError(error)}` : '';
  if (code === 1000) return `closed by the server (1000${detail}; eCapture also closes slow clients this way)`;
  if (code === 1006) return `connection lost (1006${detail})`;
  return `closed (${code}${detail})`;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebSocketOptionsError(`not a WebSocket URL: ${url}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new WebSocketOptionsError(`not a WebSocket URL (ws:// or wss:// expected): ${url}`);
  }
  return url;
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new WebSocketOptionsError(`${name} must be a positive number, got ${String(value)}`);
  }
}
