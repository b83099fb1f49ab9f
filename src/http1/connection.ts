// One HTTP/1 connection of the `raw` or `v2` dialect, sans-IO: plaintext bytes per direction in,
// paired exchanges out. Decides from the bytes which direction is the client (§4.1: the one whose
// first message is a request), reads each direction with its own llhttp-backed reader, pairs the
// k-th request with the k-th final response (pairing.ts has the re-alignment rules), and hands the
// connection to HTTP/2 on a client preface or an h2c upgrade.
//
// A response that arrives before any request it could answer waits (bounded: bytes, idle time,
// end of input) while the request can still come cleanly: events may arrive out of order (§4.4),
// and a HEAD response can only be framed once its request is known.
//
// Emission happens after the bytes of a call are processed, never from inside llhttp's callbacks.

import type { Direction } from '../decode/records.js';
import { addIssue, type ConnectionInfo, type Exchange, type ExchangeIssue, type HttpProtocol, type Instant, type InterimResponse, type RequestSide } from '../model/exchange.js';
import { buildExchange, requestSideOf } from './build-exchange.js';
import { headerValues, protocolOf } from './build-head.js';
import type { Http1Message } from './http1-message.js';
import { resolveHttp1Options, type Http1Options } from './http1-options.js';
import type { HeadVerdict } from './llhttp-adapter.js';
import { MessageReader, type ReaderHost } from './message-reader.js';
import { Pairing, type Slot } from './pairing.js';
import type { Segment } from './segment-queue.js';

export { DEFAULT_HTTP1_OPTIONS, resolveHttp1Options, type Http1Options } from './http1-options.js';

export interface Http1PushOptions {
  /** The bytes begin a captured event (default true: one push = one SSL call). */
  eventStart?: boolean;
  /** The event was exactly 16384 bytes: eCapture may have cut it. */
  possiblyTruncated?: boolean;
}

/** The connection speaks HTTP/2 from here on; HTTP/1 has emitted everything it had. */
export interface Http1H2Handoff {
  handoff: 'h2';
  via: 'preface' | 'h2c-upgrade';
  clientDirection: Direction;
  /** Client-direction bytes from the preface on (after an h2c 101: what followed the request; may be empty). */
  bytes: Uint8Array;
  /** Server-direction bytes HTTP/1 did not consume: after the 101 head, or held while the role was unknown. */
  serverBytes: Uint8Array;
  /** h2c: the HTTP/1 request that becomes stream 1 (RFC 7540 §3.2), answered by the 101 `switching`. */
  upgrade?: {
    request: RequestSide;
    switching: InterimResponse;
    protocol: HttpProtocol;
    issues: ExchangeIssue[];
  };
}

export type Http1PushResult = Http1H2Handoff | undefined;

type ConnectionState = 'open' | 'handed-off' | 'upgraded' | 'ended';

function other(direction: Direction): Direction {
  return direction === 'write' ? 'read' : 'write';
}

function concat(segments: readonly Segment[]): Uint8Array {
  const size = segments.reduce((n, s) => n + s.bytes.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const s of segments) {
    out.set(s.bytes, at);
    at += s.bytes.length;
  }
  return out;
}

function upgradesTo(message: Http1Message | undefined, token: string): boolean {
  if (!message) return false;
  return headerValues(message.head.headers, 'upgrade').some((v) => v.split(',').some((t) => t.trim().toLowerCase() === token));
}

export class Http1Connection {
  #state: ConnectionState = 'open';
  readonly #info: ConnectionInfo;
  readonly #dialect: 'raw' | 'v2';
  readonly #options: Http1Options;
  readonly #emit: (x: Exchange) => void;
  readonly #readers: Record<Direction, MessageReader>;
  #client: Direction | undefined;
  readonly #pairing = new Pairing();
  /** Slot indexes emitted early (pipelining limit): a late response to one is flagged. */
  readonly #evicted = new Set<number>();
  #emitted = 0;
  #handoff: Http1H2Handoff | undefined;
  #depth = 0;
  readonly #deferred: Array<() => void> = [];
  readonly #outbox: Exchange[] = [];

  constructor(info: ConnectionInfo, dialect: 'raw' | 'v2', options: Partial<Http1Options>, emit: (x: Exchange) => void) {
    this.#info = info;
    this.#dialect = dialect;
    this.#options = resolveHttp1Options(options);
    this.#emit = emit;
    // The readers' callbacks stay private: they are not part of the connection's API.
    const host: ReaderHost = {
      head: (_reader, message) => (message.kind === 'request' ? this.#requestHead(message) : this.#responseHead(message)),
      complete: () => this.#defer(() => this.#emitReady()),
      stopped: (_reader, message) => this.#stopped(message),
      roleFound: (reader, kind) => this.#setClient(kind === 'response' ? other(reader.direction) : reader.direction),
      preface: (reader, rest) => this.#preface(reader, rest),
      responseMayStart: () => this.#responseMayStart(),
    };
    this.#readers = {
      write: new MessageReader('write', this.#options, host),
      read: new MessageReader('read', this.#options, host),
    };
  }

  /** The client direction once the bytes told (undefined before). */
  get clientDirection(): Direction | undefined {
    return this.#client;
  }

  push(direction: Direction, bytes: Uint8Array, at: Instant, opts: Http1PushOptions = {}): Http1PushResult {
    if (this.#state !== 'open' || bytes.length === 0) return undefined;
    const segment: Segment = { bytes, at, eventStart: opts.eventStart ?? true, possiblyTruncated: opts.possiblyTruncated ?? false };
    this.#run(() => this.#readers[direction].push(segment));
    const handoff = this.#handoff;
    this.#handoff = undefined;
    return handoff;
  }

  /** Bytes may be missing on both directions: cut open messages, resync both readers, flag what waits. */
  gap(): void {
    if (this.#state !== 'open') return;
    // An exchange still waiting for its other half may have lost it (or be paired across the loss).
    for (const slot of this.#pairing.slots()) addIssue(slot.issues, { code: 'gap', side: 'connection', detail: 'the source may have lost data while this exchange was open' });
    this.#run(() => {
      this.#readers.write.gap();
      this.#readers.read.gap();
    });
  }

  /** Emits what has been idle for `idleTimeoutMs` (same clock as the pushed Instants). */
  advance(nowMs: number): void {
    if (this.#state !== 'open') return;
    const idleMs = this.#options.idleTimeoutMs;
    this.#run(() => {
      this.#readers.write.idle(nowMs, idleMs);
      this.#readers.read.idle(nowMs, idleMs);
      for (const slot of this.#pairing.slots()) {
        if (this.#pairing.ready(slot)) continue;
        const open = [slot.request, slot.response].some((m) => m && !m.done);
        if (open || nowMs - lastActivity(slot) < idleMs) continue;
        this.#flush(slot, undefined);
      }
    });
  }

  /** End of input: read-until-close bodies end here; everything pending is emitted, flagged. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#run(() => {
      const client = this.#client;
      const order: Direction[] = client ? [client, other(client)] : ['write', 'read'];
      for (const d of order) this.#readers[d].finish();
      this.#flushAll({ code: 'end-of-input', side: 'connection', detail: 'input ended before the exchange did' });
      this.#readers.write.stop(); // parsers back to the pool
      this.#readers.read.stop();
    });
    this.#state = 'ended';
  }

  // ---- reader callbacks ----

  #stopped(message: Http1Message): void {
    const slot = this.#pairing.slotOf(message);
    if (!slot) return;
    if (message.kind === 'response') this.#settleUpgrade(slot);
    else if (slot.response) this.#defer(() => this.#settleUpgrade(slot));
  }

  #preface(reader: MessageReader, rest: Segment[]): void {
    const server = this.#readers[other(reader.direction)];
    // A server side still parsing HTTP/1 (an fd reused by a new connection) ends its messages;
    // bytes it merely held (role unknown) belong to HTTP/2 and are taken before anything scans them.
    if (server.state === 'parsing') server.finish();
    const serverHeld = server.stop();
    if (this.#client === undefined) this.#setClient(reader.direction, false);
    this.#toHttp2({ via: 'preface', clientDirection: reader.direction, bytes: concat(rest), serverBytes: concat(serverHeld) });
  }

  #responseMayStart(): boolean {
    if (this.#client === undefined) return true;
    const client = this.#readers[this.#client];
    if (client.waitingFor === 'verdict') return true;
    if (this.#pairing.unanswered().length > 0) return true;
    // Hold a response only while its request can still arrive cleanly (reordered events).
    return !(client.clean || client.pristine);
  }

  // ---- internals ----

  #run(action: () => void): void {
    this.#depth++;
    try {
      action();
    } finally {
      this.#depth--;
    }
    if (this.#depth > 0) return;
    this.#depth++;
    try {
      for (let next = this.#deferred.shift(); next; next = this.#deferred.shift()) next();
    } finally {
      this.#depth--;
    }
    const out = this.#outbox.splice(0);
    for (const x of out) this.#emit(x);
  }

  #defer(action: () => void): void {
    this.#deferred.push(action);
  }

  #setClient(client: Direction, assignReaders = true): void {
    if (this.#client !== undefined) return;
    this.#client = client;
    this.#info.hooked = client === 'write' ? 'client' : 'server';
    if (!assignReaders) return;
    this.#readers[client].assignKind('request');
    this.#readers[other(client)].assignKind('response');
  }

  #requestHead(message: Http1Message): HeadVerdict {
    const responder = this.#client ? this.#readers[other(this.#client)] : undefined;
    const slot = this.#pairing.addRequest(message, responder?.lossPending ?? false);
    const unanswered = this.#pairing.unanswered();
    if (unanswered.length > this.#options.maxPipelined) {
      const oldest = unanswered[0]!;
      if (oldest !== slot && oldest.request?.done) {
        this.#evicted.add(oldest.index);
        this.#flush(oldest, { code: 'limit-exceeded', side: 'response', detail: `more than ${this.#options.maxPipelined} requests without a response` });
      }
    }
    if (this.#client) {
      const server = this.#readers[other(this.#client)];
      if (server.waitingFor === 'request') this.#defer(() => server.release());
    }
    this.#defer(() => this.#emitReady());
    return 'normal';
  }

  #responseHead(message: Http1Message): HeadVerdict {
    const status = message.head.status ?? 0;
    if (status >= 100 && status < 200 && status !== 101) {
      this.#pairing.addInterim(message, this.#options.maxInterimResponses);
      // llhttp knows 100/102/103 are bodiless; any other 1xx is too (RFC 9110 §15.2).
      return status <= 103 ? 'normal' : 'skip-body';
    }
    const requester = this.#client ? this.#readers[this.#client] : undefined;
    const slot = this.#pairing.addResponse(message, requester?.lossPending ?? false);
    if (this.#evicted.delete(slot.index)) {
      message.issues.push({ code: 'limit-exceeded', side: 'response', detail: 'its request was emitted earlier (pipelining limit)' });
    }
    const method = slot.request?.head.method;
    let verdict: HeadVerdict = 'normal';
    if (method === 'HEAD') verdict = 'skip-body';
    else if (method === 'CONNECT' && status >= 200 && status < 300) verdict = 'tunnel';
    if (slot.request?.stops && status !== 101 && verdict !== 'tunnel') this.#defer(() => this.#settleUpgrade(slot));
    this.#defer(() => this.#emitReady());
    return verdict;
  }

  /** A final response met an upgrade/CONNECT request, or a 101/2xx-to-CONNECT stopped the server side. */
  #settleUpgrade(slot: Slot): void {
    if (this.#state !== 'open' || !slot.response || !this.#client) return;
    const response = slot.response;
    const status = response.head.status ?? 0;
    const client = this.#readers[this.#client];
    const server = this.#readers[other(this.#client)];
    const switched = status === 101 || (response.stops && server.state !== 'parsing');
    if (!switched) {
      if (client.waitingFor === 'verdict') client.release();
      return;
    }
    if (server.waitingFor !== 'verdict') return; // the server side has not stopped yet
    if (status === 101 && (upgradesTo(slot.request, 'h2c') || upgradesTo(response, 'h2c'))) {
      const bytes = concat(client.stop());
      const serverBytes = concat(server.stop());
      this.#pairing.take(slot);
      const issues: ExchangeIssue[] = [...(slot.request?.issues ?? []), ...response.issues];
      const handoff: Http1H2Handoff = { handoff: 'h2', via: 'h2c-upgrade', clientDirection: this.#client, bytes, serverBytes };
      if (slot.request) {
        handoff.upgrade = {
          request: requestSideOf(slot.request, this.#info, issues),
          switching: { status, reason: response.head.reason ?? '', headers: response.head.headers, at: response.start },
          protocol: protocolOf(slot.request.head),
          issues,
        };
      }
      this.#toHttp2Handoff(handoff);
      return;
    }
    const tunnel = status !== 101;
    const protocol = headerValues(response.head.headers, 'upgrade').join(', ');
    slot.issues.push(
      tunnel
        ? { code: 'tunnel', side: 'connection', detail: `CONNECT answered ${status}: the connection carries a tunnel from here` }
        : { code: 'upgrade', side: 'connection', detail: `101 to ${protocol || 'another protocol'}: HTTP/1 ends here` },
    );
    client.stop();
    server.stop();
    this.#emitReady();
    this.#flushAll({ code: tunnel ? 'tunnel' : 'upgrade', side: 'connection', detail: 'HTTP/1 ended on this connection' });
    this.#state = 'upgraded';
  }

  #toHttp2(parts: Omit<Http1H2Handoff, 'handoff'>): void {
    this.#toHttp2Handoff({ handoff: 'h2', ...parts });
  }

  #toHttp2Handoff(handoff: Http1H2Handoff): void {
    this.#readers.write.stop();
    this.#readers.read.stop();
    this.#flushAll({ code: 'end-of-input', side: 'connection', detail: 'the connection continues as HTTP/2' });
    this.#handoff = handoff;
    this.#state = 'handed-off';
  }

  #emitReady(): void {
    for (const slot of this.#pairing.slots()) {
      if (this.#pairing.ready(slot)) this.#flush(slot, undefined);
    }
  }

  /** Emits every slot; incomplete ones carry `reason`, plus what the readers could not attach. */
  #flushAll(reason: ExchangeIssue): void {
    const slots = this.#pairing.slots();
    const leftovers: Record<'request' | 'response', ExchangeIssue[]> = { request: [], response: [] };
    for (const d of ['write', 'read'] as const) {
      const kind = this.#readers[d].kind;
      if (kind) leftovers[kind].push(...this.#readers[d].takePendingIssues());
    }
    const answerless = slots.find((s) => !s.response);
    if (answerless) answerless.issues.push(...leftovers.response);
    const last = slots.at(-1);
    if (last) last.issues.push(...leftovers.request);
    for (const slot of slots) this.#flush(slot, this.#pairing.ready(slot) && complete(slot) ? undefined : reason);
  }

  #flush(slot: Slot, reason: ExchangeIssue | undefined): void {
    this.#pairing.take(slot);
    if (!slot.request && !slot.response && slot.interim.length === 0) return;
    // What a side lost without a message to show for it explains the missing half.
    if (this.#client) {
      if (!slot.request) slot.issues.push(...this.#readers[this.#client].takePendingIssues());
      if (!slot.response) slot.issues.push(...this.#readers[other(this.#client)].takePendingIssues());
    }
    const x = buildExchange(slot, {
      id: `${this.#info.id}#${this.#emitted++}`,
      info: this.#info,
      dialect: this.#dialect,
      requestMissing: this.#pairing.requestMissing(slot),
      responseMissing: this.#pairing.responseMissing(slot),
      ...(reason ? { reason } : {}),
    });
    this.#outbox.push(x);
  }
}

function complete(slot: Slot): boolean {
  return Boolean(slot.request?.done && slot.response?.done);
}

function lastActivity(slot: Slot): number {
  let last = -Infinity;
  for (const m of [slot.request, slot.response, ...slot.interim]) if (m) last = Math.max(last, m.lastMs);
  return last;
}
