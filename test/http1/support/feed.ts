// Feeds captured SSL calls (from the tap) into Http1Connection, one connection per tap connection,
// and collects what comes out. Also: a relay capture around servers the tap does not provide
// (raw `net` servers, upgrade listeners), and helpers to compare exchanges with ground truth.

import { createHash } from 'node:crypto';
import type { Server } from 'node:net';
import type { Endpoint } from '../../../src/decode/records.js';
import { Http1Connection, type Http1H2Handoff, type Http1Options } from '../../../src/http1/connection.js';
import type { ConnectionInfo, Exchange, Instant } from '../../../src/model/exchange.js';
import { planCalls, startRelay, withTimeout } from '../../support/tap/index.js';
import type { CaptureOptions, CapturedCall, TapRecording } from '../../support/tap/index.js';

export interface Fed {
  exchanges: Exchange[];
  handoffs: Array<{ conn: string; handoff: Http1H2Handoff }>;
  connections: Map<string, { http1: Http1Connection; info: ConnectionInfo }>;
}

export interface FeedOptions {
  dialect?: 'raw' | 'v2';
  options?: Partial<Http1Options>;
  /** Re-split each call's bytes (property tests); default: one push per call. */
  split?: (data: Uint8Array) => Uint8Array[];
  /** Call `end()` on every connection afterwards (default true). */
  end?: boolean;
}

export function instantOf(call: Extract<CapturedCall, { kind: 'data' }>): Instant {
  return { ms: call.localMs, anchored: true, approximate: false };
}

export function feedCalls(calls: readonly CapturedCall[], feed: FeedOptions = {}): Fed {
  const fed: Fed = { exchanges: [], handoffs: [], connections: new Map() };
  const tuples = new Map<string, { client: Endpoint; server: Endpoint }>();
  for (const call of calls) if (call.kind === 'connect') tuples.set(call.conn, call.tuple);
  for (const call of calls) {
    if (call.kind !== 'data') continue;
    let entry = fed.connections.get(call.conn);
    if (!entry) {
      const tuple = call.tuple ?? tuples.get(call.conn);
      const info: ConnectionInfo = { id: `c${call.conn}`, pid: call.who.pid, comm: call.who.comm, fd: call.who.fd, hooked: 'unknown' };
      if (tuple) {
        info.client = tuple.client;
        info.server = tuple.server;
      }
      const http1 = new Http1Connection(info, feed.dialect ?? 'raw', feed.options ?? {}, (x) => fed.exchanges.push(x));
      entry = { http1, info };
      fed.connections.set(call.conn, entry);
    }
    const pieces = feed.split ? feed.split(call.data) : [call.data];
    for (const piece of pieces) {
      const result = entry.http1.push(call.direction, piece, instantOf(call), { eventStart: true, possiblyTruncated: piece.length === 16384 });
      if (result) fed.handoffs.push({ conn: call.conn, handoff: result });
    }
  }
  if (feed.end !== false) for (const { http1 } of fed.connections.values()) http1.end();
  return fed;
}

/** A relay capture around a server of the test's own: the client talks to the relay's address. */
export async function captureThrough(server: Server, client: (address: Endpoint) => Promise<void>, settleMs = 1500): Promise<TapRecording> {
  await withTimeout(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())), 2000, 'server listen');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const relay = await startRelay({ ip: '127.0.0.1', port: address.port }, 'http1');
  const clock = { ns: process.hrtime.bigint(), unixMs: Date.now() };
  try {
    await client(relay.address);
    await relay.settle(settleMs);
  } finally {
    await relay.close();
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    await withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 2000, 'server close').catch(() => undefined);
  }
  return { chunks: relay.chunks, connections: relay.connections, clock };
}

export function callsOf(recording: TapRecording, options: CaptureOptions): CapturedCall[] {
  return planCalls(recording, options);
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function codes(x: Exchange): string[] {
  return x.issues.map((i) => i.code);
}

/** An exchange with its Instants removed (re-splitting may move them). */
export function withoutTimes(x: Exchange): unknown {
  return JSON.parse(
    JSON.stringify(x, (key, value: unknown) => {
      if (key === 'start' || key === 'end' || key === 'at') return undefined;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return value;
    }),
  );
}

/** The request bytes a raw-socket client writes. */
export function rawRequest(method: string, path: string, headers: Array<[string, string]>, body?: string | Uint8Array): Buffer {
  const head = `${method} ${path} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body === undefined ? Buffer.alloc(0) : Buffer.from(body)]);
}
