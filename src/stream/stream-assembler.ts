// The sans-IO heart: records and a clock in, exchanges out. Keys events to connections, settles
// each connection's dialect, routes bytes to the HTTP/1, HTTP/2 or eCapture-v1 assembler, and
// completes what goes idle. No sockets, no timers: the caller drives `advance`.

import type { DataEvent, StreamRecord } from '../decode/records.js';
import type { Exchange, ExchangeIssue, Instant } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import { SourceClock } from './clock.js';
import { MAX_STEP_MS, StreamTime, domainOf, type ClockDomain } from './stream-time.js';
import type { OrderedPush } from './event-order.js';
import { ReorderStage } from './reorder-stage.js';
import { ConnectionTable, type ConnectionEntry } from './connection-table.js';
import { DialectSettler, type SettledDialect } from './dialect-settler.js';
import { RawConnection, type RawConnectionOptions } from './raw-connection.js';
import { V1Connection, type V1Options } from './v1-connection.js';
import { resolveV1Options } from './v1-options.js';
import type { Http1Options } from '../http1/connection.js';
import type { Http2Options } from '../http2/connection.js';

export interface StreamOptions {
  /** Live sources may anchor boot-relative clocks on arrival time. */
  live: boolean;
  /** Manual override of the dialect for the whole source. */
  dialect?: 'v1' | 'v2' | 'raw';
  v2UtcOffsetMinutes?: number;
  /** Idle time after which an open connection is ended and forgotten (stream-time ms). */
  connectionIdleMs: number;
  /** Open-connection cap: beyond it the connection idle the longest is ended, flagged. */
  maxConnections: number;
  /** Events held per connection while its dialect is undecided. */
  maxHeldEvents: number;
  /**
   * raw/v2: stream time an event is held so that one of its connection arriving later with an
   * earlier timestamp (per-CPU reordering, §4.4) is put back in order; 0 turns reordering off.
   */
  reorderWindowMs: number;
  /** raw/v2: events / bytes held per connection for reordering, at most (the oldest go early). */
  maxReorderEvents: number;
  maxReorderBytes: number;
  http1: Partial<Http1Options>;
  http2: Partial<Http2Options>;
  v1: Partial<V1Options>;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  live: false,
  connectionIdleMs: 120_000,
  maxConnections: 20_000,
  maxHeldEvents: 64,
  reorderWindowMs: 20,
  maxReorderEvents: 256,
  maxReorderBytes: 1024 * 1024,
  http1: {},
  http2: {},
  v1: {},
};

type Assembler = RawConnection | V1Connection;

/** An event held while its connection's dialect is undecided, or a gap seen meanwhile. */
type Held = { ev: DataEvent; at: Instant } | { gap: true };

export class StreamAssembler {
  #options: StreamOptions;
  #emit: (x: Exchange) => void;
  #clock: SourceClock;
  #table = new ConnectionTable<Assembler>();
  #settler: DialectSettler;
  #held = new Map<ConnectionEntry<Assembler>, Held[]>();
  /** Stream time per clock domain, robust to a lone event far ahead (see stream-time.ts). */
  #time = new StreamTime();
  /** Each domain's stream time at the last `advanceIfDue` sweep. */
  #sweptAt = new Map<ClockDomain, number>();
  /** raw/v2 reorder buffers (src/stream/event-order.ts), released on stream time. */
  #reorder: ReorderStage<ConnectionEntry<Assembler>>;
  /** Extra issues stamped on exchanges emitted during an eviction. */
  #emitExtra: ExchangeIssue | undefined;

  constructor(options: Partial<StreamOptions>, emit: (x: Exchange) => void) {
    this.#options = { ...DEFAULT_STREAM_OPTIONS, ...options };
    this.#emit = emit;
    const clockOptions: { live: boolean; v2UtcOffsetMinutes?: number } = { live: this.#options.live };
    if (this.#options.v2UtcOffsetMinutes !== undefined) clockOptions.v2UtcOffsetMinutes = this.#options.v2UtcOffsetMinutes;
    this.#clock = new SourceClock(clockOptions);
    this.#settler = new DialectSettler(this.#options.dialect);
    this.#reorder = new ReorderStage(this.#options, (entry, push, late) => this.#deliver(entry, push, late));
  }

  /** Stream time of the clock domain that moved last (ms); -Infinity before the first event. */
  get streamMs(): number {
    return this.#time.latestMs;
  }

  /** For live sources: `streamMs` now, given the wall clock (event clock + elapsed arrival time). */
  streamNow(wallNowMs: number): number {
    const domain = this.#time.latestDomain;
    return domain === undefined ? Number.NEGATIVE_INFINITY : this.#time.nowLive(domain, wallNowMs);
  }

  /** Events are held for reordering: a live source should advance again within `reorderWindowMs`. */
  get holding(): boolean {
    return this.#reorder.holding;
  }

  get openConnections(): number {
    return this.#table.size;
  }

  push(record: StreamRecord): void {
    switch (record.kind) {
      case 'heartbeat':
        if (record.timestamp > 0) this.#clock.hint(record.timestamp * 1000, record.receivedAt);
        return;
      case 'runLog':
        if (record.timeMs !== undefined) this.#clock.hint(record.timeMs, record.receivedAt);
        return;
      case 'gap':
        for (const entry of this.#table.entries()) {
          // Undecided connections have no assembler yet: the gap waits in line with their events.
          const held = this.#held.get(entry);
          if (held) held.push({ gap: true });
          else this.#gap(entry);
        }
        return;
      case 'event':
        if (record.sub === 'data') this.#onData(record, record.receivedAt);
        else if (record.sub === 'connect' && !record.destroy) {
          const now = this.#time.now('wall'); // connect lines are v2's, on v2's wall clock
          const { entry, replaced } = this.#table.forConnect(record.pid, record.fd, record.comm, record.tid, record.tuple, now);
          if (replaced) this.#finish(replaced);
          entry.lastActivityMs = Math.max(entry.lastActivityMs, now);
        }
        return;
      default:
        return; // run-state records (connected, …) and undecodable ones carry no HTTP bytes
    }
  }

  /**
   * Complete what has been idle. Without `nowMs` each connection is judged by the stream time of
   * its own clock domain; with it, every connection by that one time (a caller's own clock).
   */
  advance(nowMs?: number): void {
    if (nowMs === undefined) this.#advanceWith((domain) => this.#time.now(domain));
    else this.#advanceWith(() => nowMs);
  }

  /** Live sources: `advance` with the wall time elapsed since each domain's latest event added. */
  advanceLive(wallNowMs: number): void {
    this.#advanceWith((domain) => this.#time.nowLive(domain, wallNowMs));
  }

  /** `advance()` once some domain's stream time moved `everyMs` since the last sweep (a sweep visits every connection). */
  advanceIfDue(everyMs: number): void {
    let due = false;
    for (const domain of this.#time.domains()) {
      const now = this.#time.now(domain);
      if (now - (this.#sweptAt.get(domain) ?? Number.NEGATIVE_INFINITY) >= everyMs) due = true;
    }
    if (!due) return;
    for (const domain of this.#time.domains()) this.#sweptAt.set(domain, this.#time.now(domain));
    this.advance();
  }

  #advanceWith(nowOf: (domain: ClockDomain) => number): void {
    for (const [entry, held] of this.#held) {
      const nowMs = nowOf(entry.domain ?? 'wall');
      const lastAt = heldAt(held);
      if (Number.isFinite(nowMs) && lastAt !== undefined && nowMs - lastAt > this.#v1IdleMs()) this.#settleHeld(entry, this.#settler.fallback());
    }
    for (const entry of [...this.#table.entries()]) {
      const nowMs = nowOf(entry.domain ?? 'wall');
      if (!Number.isFinite(nowMs)) continue;
      // A connection opened by a connect line before any event had a time starts its idle clock now.
      if (!Number.isFinite(entry.lastActivityMs)) entry.lastActivityMs = nowMs;
      this.#reorder.release(entry, nowMs);
      entry.assembler?.advance(nowMs);
      if (nowMs - entry.lastActivityMs > this.#options.connectionIdleMs) this.#finish(entry);
    }
  }

  /** End of input: every half-finished exchange is emitted, flagged by its assembler. */
  end(): void {
    for (const entry of [...this.#held.keys()]) this.#settleHeld(entry, this.#settler.fallback());
    for (const entry of [...this.#table.entries()]) this.#finish(entry);
  }

  #onData(ev: DataEvent, receivedAt: number): void {
    const at = this.#clock.instant(ev.time, receivedAt);
    const domain = domainOf(ev.time, at);
    this.#time.observe(domain, at.ms, receivedAt);
    // Held events of any connection that stream time has now moved the window past go on.
    this.#reorder.releaseDue((d) => (this.#options.live ? this.#time.nowLive(d, receivedAt) : this.#time.now(d)));
    const family = ev.dialect === 'v2' ? 'v2' : 'uuid';
    const { entry, replaced } = this.#table.forData(family, ev.pid, ev.fd, ev.comm, ev.tuple, at.ms, ev.tid);
    if (replaced) this.#finish(replaced);
    entry.lastActivityMs = Math.max(entry.lastActivityMs, at.ms);
    entry.domain = domain;
    if (ev.fd === undefined || ev.fd === 0) addIssue(entry.issues, { code: 'ambiguous-connection', side: 'connection', detail: ev.fd === 0 ? 'fd 0: connections of a thread share it' : 'no fd in the uuid' });
    if (!at.anchored) addIssue(entry.issues, { code: 'time-unanchored', side: 'connection' });
    this.#evictBeyondCap(entry);

    const verdict = this.#settler.observe(entry, ev);
    if (verdict.conflict) addIssue(entry.issues, { code: 'dialect-conflict', side: 'connection', detail: verdict.conflict });
    if (verdict.dialect === undefined) {
      this.#hold(entry, ev, at);
      return;
    }
    if (this.#held.has(entry)) this.#settleHeld(entry, verdict.dialect);
    this.#route(entry, verdict.dialect, ev, at);
  }

  #hold(entry: ConnectionEntry<Assembler>, ev: DataEvent, at: Instant): void {
    let held = this.#held.get(entry);
    if (!held) this.#held.set(entry, (held = []));
    held.push({ ev, at });
    if (held.length >= this.#options.maxHeldEvents) this.#settleHeld(entry, this.#settler.fallback());
  }

  #settleHeld(entry: ConnectionEntry<Assembler>, dialect: SettledDialect): void {
    const held = this.#held.get(entry);
    this.#held.delete(entry);
    this.#settler.settle(entry, dialect);
    // A held list starts with an event, so an assembler exists by the time a gap marker comes.
    for (const h of held ?? []) {
      if ('gap' in h) this.#gap(entry);
      else this.#route(entry, dialect, h.ev, h.at);
    }
  }

  #route(entry: ConnectionEntry<Assembler>, dialect: SettledDialect, ev: DataEvent, at: Instant): void {
    const emit = (x: Exchange) => this.#emitFrom(entry, x);
    if (dialect === 'v1') {
      if (!(entry.assembler instanceof V1Connection)) entry.assembler = new V1Connection(entry.info, this.#options.v1, emit);
      entry.assembler.push({ ...ev, dialect: 'v1' }, at);
      return;
    }
    if (!ev.direction) return; // raw bytes without a direction cannot be placed
    if (!(entry.assembler instanceof RawConnection)) {
      const rawOptions: RawConnectionOptions = { http1: this.#options.http1, http2: this.#options.http2 };
      entry.assembler = new RawConnection(entry.info, dialect, rawOptions, emit);
    }
    const push: OrderedPush = { direction: ev.direction, bytes: ev.payload, at, possiblyTruncated: ev.flags.includes('possibly-truncated'), typeHint: ev.type };
    if (ev.time.clock === 'unix-ns' || ev.time.clock === 'boot-ns') push.exactNs = ev.time.ns;
    if (!this.#reorder.enabled) {
      this.#deliver(entry, push, false);
      return;
    }
    const nowMs = this.#time.now(entry.domain ?? 'wall');
    // A timestamp far ahead of stream time (not accepted, or not yet) cannot be ordered against.
    this.#reorder.push(entry, push, nowMs, at.ms - nowMs > MAX_STEP_MS);
  }

  /** An event in time order to the raw/v2 assembler; a late one after a gap (it cannot be put back). */
  #deliver(entry: ConnectionEntry<Assembler>, push: OrderedPush, late: boolean): void {
    const raw = entry.assembler;
    if (!(raw instanceof RawConnection)) return;
    if (late) raw.gap();
    raw.push(push.direction, push.bytes, push.at, { eventStart: true, possiblyTruncated: push.possiblyTruncated, typeHint: push.typeHint });
  }

  /** Loss reported by the source: what was held came before it. */
  #gap(entry: ConnectionEntry<Assembler>): void {
    this.#reorder.flush(entry);
    entry.assembler?.gap();
  }

  #emitFrom(entry: ConnectionEntry<Assembler>, x: Exchange): void {
    // Assemblers keep mutating their ConnectionInfo (late tuple, role); freeze what is emitted.
    x.connection = { ...x.connection };
    for (const issue of entry.issues) addIssue(x.issues, issue);
    if (this.#emitExtra) addIssue(x.issues, this.#emitExtra);
    this.#emit(x);
  }

  #finish(entry: ConnectionEntry<Assembler>): void {
    if (this.#held.has(entry)) this.#settleHeld(entry, this.#settler.fallback());
    this.#reorder.flush(entry);
    entry.assembler?.end();
    this.#table.delete(entry);
    this.#settler.forget(entry);
  }

  #evictBeyondCap(current: ConnectionEntry<Assembler>): void {
    while (this.#table.size > this.#options.maxConnections) {
      const victim = this.#table.oldestIdle();
      if (!victim || victim === current) return;
      this.#emitExtra = { code: 'connection-evicted', side: 'connection', detail: `more than ${this.#options.maxConnections} open connections` };
      try {
        this.#finish(victim);
      } finally {
        this.#emitExtra = undefined;
      }
    }
  }

  #v1IdleMs(): number {
    return resolveV1Options(this.#options.v1).idleTimeoutMs;
  }
}

/** Time of the last held event (gap markers carry none). */
function heldAt(held: Held[]): number | undefined {
  for (let i = held.length - 1; i >= 0; i--) {
    const h = held[i]!;
    if (!('gap' in h)) return h.at.ms;
  }
  return undefined;
}
