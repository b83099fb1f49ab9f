// One connection of the `raw` or `v2` dialect: plaintext bytes per direction. Chooses HTTP/1 or
// HTTP/2 from the first bytes and switches to HTTP/2 when the HTTP/1 parser meets the preface or
// an h2c upgrade.

import type { Direction } from '../decode/records.js';
import type { ConnectionInfo, Exchange, Instant } from '../model/exchange.js';
import { Http1Connection, resolveHttp1Options, type Http1Options } from '../http1/connection.js';
import { Http2Connection, type Http2Options } from '../http2/connection.js';
import { chooseProtocol, chooseProtocolAtEnd, MAX_UNDECIDED_BYTES } from './choose-protocol.js';

export interface RawConnectionOptions {
  http1: Partial<Http1Options>;
  http2: Partial<Http2Options>;
}

export interface RawPush {
  eventStart?: boolean;
  possiblyTruncated?: boolean;
  /** The raw dialect's `type`: 2/4 say the producer saw HTTP/2. A hint only. */
  typeHint?: number;
}

interface PendingPush {
  direction: Direction;
  bytes: Uint8Array;
  at: Instant;
  flags: { eventStart: boolean; possiblyTruncated: boolean };
}

export class RawConnection {
  #info: ConnectionInfo;
  #dialect: 'raw' | 'v2';
  #options: RawConnectionOptions;
  #emit: (x: Exchange) => void;
  #h1: Http1Connection | undefined;
  #h2: Http2Connection | undefined;
  /** Pushes held until the first bytes tell HTTP/1 from HTTP/2, and each direction's bytes so far. */
  #pending: PendingPush[] = [];
  /** Held pushes this idle are decided on what there is (HTTP/1's idle timeout). */
  #undecidedIdleMs: number;
  /** Only while undecided: a decided connection (the many idle ones too) holds none. */
  #seen: Record<Direction, GrowingBytes> | undefined;

  constructor(info: ConnectionInfo, dialect: 'raw' | 'v2', options: RawConnectionOptions, emit: (x: Exchange) => void) {
    this.#info = info;
    this.#dialect = dialect;
    this.#options = options;
    this.#emit = emit;
    this.#undecidedIdleMs = resolveHttp1Options(options.http1).idleTimeoutMs;
  }

  get protocol(): 'unknown' | 'http1' | 'http2' {
    return this.#h2 ? 'http2' : this.#h1 ? 'http1' : 'unknown';
  }

  push(direction: Direction, bytes: Uint8Array, at: Instant, opts: RawPush = {}): void {
    if (bytes.length === 0) return;
    const flags = { eventStart: opts.eventStart ?? true, possiblyTruncated: opts.possiblyTruncated ?? false };
    if (!this.#h1 && !this.#h2) {
      this.#pending.push({ direction, bytes, at, flags });
      const seen = (this.#seen ??= { read: new GrowingBytes(), write: new GrowingBytes() })[direction];
      seen.append(bytes, MAX_UNDECIDED_BYTES);
      const choice = chooseProtocol(seen.view(), opts.typeHint);
      if (choice !== undefined) this.#start(choice);
      return;
    }
    this.#route(direction, bytes, at, flags);
  }

  #route(direction: Direction, bytes: Uint8Array, at: Instant, flags: PendingPush['flags']): void {
    if (this.#h2) {
      this.#h2.push(direction, bytes, at, flags);
      return;
    }
    const result = this.#h1!.push(direction, bytes, at, flags);
    if (result && result.handoff === 'h2') {
      // The HTTP/1 side is done: what it had pending was emitted by it; HTTP/2 takes the rest,
      // the client's bytes first (the preface), then what the server sent after its 101.
      this.#h1!.end();
      this.#h1 = undefined;
      const h2 = (this.#h2 = this.#newHttp2());
      if (result.upgrade) h2.adoptUpgrade(result.clientDirection, result.upgrade, at);
      const serverDirection: Direction = result.clientDirection === 'write' ? 'read' : 'write';
      if (result.bytes.length > 0) h2.push(result.clientDirection, result.bytes, at, { eventStart: true, possiblyTruncated: false });
      if (result.serverBytes.length > 0) h2.push(serverDirection, result.serverBytes, at, { eventStart: true, possiblyTruncated: false });
    }
  }

  /** The protocol is known: build its assembler and replay what was held, in order. */
  #start(choice: 'http1' | 'http2'): void {
    if (choice === 'http2') this.#h2 = this.#newHttp2();
    else this.#h1 = new Http1Connection(this.#info, this.#dialect, this.#options.http1, this.#emit);
    const pending = this.#pending;
    this.#pending = [];
    this.#seen = undefined;
    for (const p of pending) this.#route(p.direction, p.bytes, p.at, p.flags);
  }

  /** Input ends or breaks while still undecided: decide on what there is. */
  #decideNow(): void {
    if (this.#h1 || this.#h2 || this.#pending.length === 0) return;
    const first = this.#pending[0]!.direction;
    this.#start(chooseProtocolAtEnd(this.#seen?.[first].view() ?? new Uint8Array(0)));
  }

  gap(): void {
    this.#decideNow();
    this.#h1?.gap();
    this.#h2?.gap();
  }

  advance(nowMs: number): void {
    const last = this.#pending[this.#pending.length - 1];
    if (last && nowMs - last.at.ms > this.#undecidedIdleMs) this.#decideNow();
    this.#h1?.advance(nowMs);
    this.#h2?.advance(nowMs);
  }

  end(): void {
    this.#decideNow();
    this.#h1?.end();
    this.#h2?.end();
  }

  #newHttp2(): Http2Connection {
    return new Http2Connection(this.#info, this.#dialect, this.#options.http2, this.#emit);
  }
}

/** A direction's first bytes, appended in amortised O(1) (many tiny SSL calls must stay linear). */
class GrowingBytes {
  #buffer = new Uint8Array(64);
  #length = 0;

  append(bytes: Uint8Array, cap: number): void {
    const take = Math.min(bytes.length, cap - this.#length);
    if (take <= 0) return;
    if (this.#length + take > this.#buffer.length) {
      const grown = new Uint8Array(Math.min(cap, Math.max(this.#buffer.length * 2, this.#length + take)));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(bytes.subarray(0, take), this.#length);
    this.#length += take;
  }

  view(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }
}
