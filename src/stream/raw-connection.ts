// One connection of the `raw` or `v2` dialect: plaintext bytes per direction. Chooses HTTP/1 or
// HTTP/2 from the first bytes and switches to HTTP/2 when the HTTP/1 parser meets the preface or
// an h2c upgrade.

import type { Direction } from '../decode/records.js';
import type { ConnectionInfo, Exchange, Instant } from '../model/exchange.js';
import { Http1Connection, type Http1Options } from '../http1/connection.js';
import { Http2Connection, type Http2Options } from '../http2/connection.js';
import { looksLikeFrames, startsWithPreface } from './frame-sniff.js';

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

export class RawConnection {
  #info: ConnectionInfo;
  #dialect: 'raw' | 'v2';
  #options: RawConnectionOptions;
  #emit: (x: Exchange) => void;
  #h1: Http1Connection | undefined;
  #h2: Http2Connection | undefined;

  constructor(info: ConnectionInfo, dialect: 'raw' | 'v2', options: RawConnectionOptions, emit: (x: Exchange) => void) {
    this.#info = info;
    this.#dialect = dialect;
    this.#options = options;
    this.#emit = emit;
  }

  get protocol(): 'unknown' | 'http1' | 'http2' {
    return this.#h2 ? 'http2' : this.#h1 ? 'http1' : 'unknown';
  }

  push(direction: Direction, bytes: Uint8Array, at: Instant, opts: RawPush = {}): void {
    if (bytes.length === 0) return;
    const flags = { eventStart: opts.eventStart ?? true, possiblyTruncated: opts.possiblyTruncated ?? false };
    if (!this.#h1 && !this.#h2) {
      const h2 = opts.typeHint === 2 || opts.typeHint === 4 || startsWithPreface(bytes) || looksLikeFrames(bytes);
      if (h2) this.#h2 = this.#newHttp2();
      else this.#h1 = new Http1Connection(this.#info, this.#dialect, this.#options.http1, this.#emit);
    }
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

  gap(): void {
    this.#h1?.gap();
    this.#h2?.gap();
  }

  advance(nowMs: number): void {
    this.#h1?.advance(nowMs);
    this.#h2?.advance(nowMs);
  }

  end(): void {
    this.#h1?.end();
    this.#h2?.end();
  }

  #newHttp2(): Http2Connection {
    return new Http2Connection(this.#info, this.#dialect, this.#options.http2, this.#emit);
  }
}
