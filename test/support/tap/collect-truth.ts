// Ground truth: what really happened, from each end's own view (the server's request objects and
// the client's response objects), joined per connection by wire order (HTTP/1) or stream id (HTTP/2).
// Nothing here looks at the relay's bytes or at eCapture events.

import type { TapProtocol } from './types.js';

export type HeaderPairs = Array<[name: string, value: string]>;

/** The request as the server received it. */
export interface TruthRequest {
  method: string;
  /** The request-target (HTTP/1) or `:path` (HTTP/2), as received. */
  path: string;
  httpVersion: string;
  /** Wire order and case (HTTP/2: pseudo-headers included, as Node reports them). */
  headers: HeaderPairs;
  body: Uint8Array;
}

/** The response as the client received it (absent for raw-socket clients). */
export interface TruthResponse {
  status: number;
  /** HTTP/1 reason phrase; absent for HTTP/2. */
  statusMessage?: string;
  httpVersion: string;
  headers: HeaderPairs;
  /** Body bytes after transfer decoding (de-chunked), still content-encoded. */
  body: Uint8Array;
  trailers: HeaderPairs;
  /** HTTP/2: the RST_STREAM code the stream closed with (0 = clean). */
  rstCode?: number;
}

export interface TruthExchange {
  /** TapConnection.id. */
  conn: number;
  /** 0-based position on the connection (HTTP/1: wire order; HTTP/2: order of stream ids). */
  index: number;
  /** HTTP/2 stream id. */
  streamId?: number;
  protocol: TapProtocol;
  request?: TruthRequest;
  response?: TruthResponse;
}

/** Node's flat `rawHeaders` list as name/value pairs. */
export function pairsFromRaw(raw: readonly string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** A Node header object (HTTP/2 `trailers`) as pairs, in key order. */
export function pairsFromObject(headers: Record<string, string | string[] | number | undefined>): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, String(one)]);
  }
  return pairs;
}

/** Collects both halves as they happen and joins them on demand. */
export class TruthLedger {
  readonly #protocol: TapProtocol;
  readonly #rows = new Map<string, TruthExchange>();
  readonly #serverCount = new Map<number, number>();
  readonly #clientCount = new Map<number, number>();

  constructor(protocol: TapProtocol) {
    this.#protocol = protocol;
  }

  /** HTTP/1: the next wire position of a request on `conn`, claimed when the server sees its head. */
  claimServerIndex(conn: number): number {
    const index = this.#serverCount.get(conn) ?? 0;
    this.#serverCount.set(conn, index + 1);
    return index;
  }

  /** HTTP/1: the next wire position of a response on `conn`, claimed when the client has it all. */
  claimClientIndex(conn: number): number {
    const index = this.#clientCount.get(conn) ?? 0;
    this.#clientCount.set(conn, index + 1);
    return index;
  }

  /** `position` is the HTTP/1 index or the HTTP/2 stream id. */
  recordRequest(conn: number, position: number, request: TruthRequest): void {
    this.#row(conn, position).request = request;
  }

  recordResponse(conn: number, position: number, response: TruthResponse): void {
    this.#row(conn, position).response = response;
  }

  /** Sorted by connection, then wire position; HTTP/2 indexes are the rank of the stream id. */
  exchanges(): TruthExchange[] {
    const rows = [...this.#rows.values()].sort((a, b) => a.conn - b.conn || (a.streamId ?? a.index) - (b.streamId ?? b.index));
    if (this.#protocol === 'http2') {
      const seen = new Map<number, number>();
      for (const row of rows) {
        const rank = seen.get(row.conn) ?? 0;
        row.index = rank;
        seen.set(row.conn, rank + 1);
      }
    }
    return rows;
  }

  #row(conn: number, position: number): TruthExchange {
    const key = `${conn}/${position}`;
    let row = this.#rows.get(key);
    if (!row) {
      row =
        this.#protocol === 'http2'
          ? { conn, index: 0, streamId: position, protocol: this.#protocol }
          : { conn, index: position, protocol: this.#protocol };
      this.#rows.set(key, row);
    }
    return row;
  }
}
