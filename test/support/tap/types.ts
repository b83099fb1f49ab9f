// Shared shapes of the tap: what the relay records, what a capture option asks for, and the
// side-resolved SSL calls the event writer renders. No behaviour here.

import type { Direction, Endpoint, Tuple } from '../../../src/decode/records.js';

export type { Direction, Endpoint, Tuple };

export type TapProtocol = 'http1' | 'http2';
/** Which process eCapture hooked: `client` ⇒ client→server bytes are `write`; `server` flips it. */
export type CaptureSide = 'client' | 'server';
export type EventDialect = 'raw' | 'v2';
/** Which end of the relayed connection sent the bytes (independent of the capture side). */
export type Peer = 'client' | 'server';

/** One TCP connection as the relay saw it. */
export interface TapConnection {
  /** 0, 1, 2 … in the order the relay accepted them. */
  id: number;
  protocol: TapProtocol;
  /** The client's own socket address (its local end). */
  client: Endpoint;
  /** The relay's listening address: what the client connected to. */
  relay: Endpoint;
  /** The relay's outbound socket address: what the server sees as its peer. */
  upstream: Endpoint;
  /** The real server's address. */
  server: Endpoint;
}

/** What the relay recorded, in the order it happened on the relay's event loop. */
export type TapChunk =
  | { kind: 'open'; seq: number; conn: number; tsNs: bigint }
  | { kind: 'data'; seq: number; conn: number; from: Peer; tsNs: bigint; data: Uint8Array }
  | { kind: 'close'; seq: number; conn: number; tsNs: bigint; by: Peer };

/** The process, thread and socket eCapture would report for one connection. */
export interface ProcessIdentity {
  pid: number;
  tid: number;
  comm: string;
  fd: number;
}

/**
 * One thing eCapture would emit, already resolved to the hooked side.
 * `localMs` is the wall-clock reading v2 prints, as if it were UTC (records.ts `EventTime` 'local').
 */
export type CapturedCall =
  | {
      kind: 'data';
      conn: string;
      tsNs: bigint;
      localMs: number;
      who: ProcessIdentity;
      direction: Direction;
      protocol: TapProtocol;
      /** Absent when eCapture did not see the connect (capture began mid-connection). */
      tuple?: Tuple;
      data: Uint8Array;
    }
  | { kind: 'connect'; conn: string; who: ProcessIdentity; tuple: Tuple }
  | { kind: 'destroy'; conn: string };

/** How to turn a tap recording into eCapture events. */
export interface CaptureOptions {
  side: CaptureSide;
  /**
   * The capture begins right after the first N data chunks of the recording (all connections,
   * recorded order): they, and opens/closes before that point, are not seen.
   */
  startAfterChunks?: number;
  /** As startAfterChunks, counting data bytes; a chunk straddling the point keeps its tail. Both given: the later point. */
  startAfterBytes?: number;
  /** A `write` chunk over 16384 bytes keeps only its first 16384 (eCapture's per-call cap). Default: split. */
  cutWritesAt16k?: boolean;
  /** v2: put each connect line right after the connection's first data line instead of before it. */
  lateConnect?: boolean;
  /** Connections opened before the capture start keep their tuple (default: lose it, as in eCapture). */
  trackMidConnections?: boolean;
  /** v2 destroy line per closed connection (default true). */
  destroyLines?: boolean;
  /** pid/tid/comm/fd per connection; defaults: process.pid, process.pid, 'node', 20 + conn.id. */
  identity?: (conn: TapConnection, side: CaptureSide) => Partial<ProcessIdentity>;
  /** v2 clock: minutes east of UTC; default the local zone at that instant (like eCapture). */
  utcOffsetMinutes?: number;
}

export interface EventOptions extends CaptureOptions {
  dialect: EventDialect;
}
