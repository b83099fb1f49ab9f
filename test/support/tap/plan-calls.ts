// Turns a tap recording into the SSL calls eCapture would have seen from one side.
//
// Model: one recorded relay chunk = one SSL call. Calls are capped at 16384 bytes like eCapture's
// probe: a `write` chunk longer than that is cut to its first 16384 bytes with `cutWritesAt16k`
// (the rest is lost, as when eCapture meets a big SSL_write) and otherwise split into 16384-byte
// calls (lossless); a long `read` chunk is always split (SSL_read never returns more than a record).

import type { CaptureOptions, CapturedCall, Peer, ProcessIdentity, TapChunk, TapConnection, Tuple } from './types.js';

export const MAX_CALL_BYTES = 16384;

/** What plan needs of a recording. */
export interface TapRecording {
  chunks: readonly TapChunk[];
  connections: readonly TapConnection[];
  /** One instant on both clocks: maps hrtime ns to Unix ms for v2 dates. */
  clock: { ns: bigint; unixMs: number };
}

function defaultIdentity(conn: TapConnection): ProcessIdentity {
  return { pid: process.pid, tid: process.pid, comm: 'node', fd: 20 + conn.id };
}

/** The tuple the hooked process would report: its own TCP connection, TCP client first. */
export function sideTuple(conn: TapConnection, side: CaptureOptions['side']): Tuple {
  return side === 'client' ? { client: conn.client, server: conn.relay } : { client: conn.upstream, server: conn.server };
}

/** The bytes one chunk becomes as calls: split or cut at MAX_CALL_BYTES. */
export function splitIntoCalls(data: Uint8Array, cut: boolean): Uint8Array[] {
  if (data.length <= MAX_CALL_BYTES) return [data];
  if (cut) return [data.subarray(0, MAX_CALL_BYTES)];
  const parts: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += MAX_CALL_BYTES) parts.push(data.subarray(at, at + MAX_CALL_BYTES));
  return parts;
}

export function planCalls(recording: TapRecording, options: CaptureOptions): CapturedCall[] {
  const { side } = options;
  const writer: Peer = side; // the hooked process writes what its own end sent
  const connections = new Map(recording.connections.map((c) => [c.id, c]));
  const identities = new Map<number, ProcessIdentity>();
  const identityOf = (conn: TapConnection): ProcessIdentity => {
    let who = identities.get(conn.id);
    if (!who) {
      who = { ...defaultIdentity(conn), ...options.identity?.(conn, side) };
      identities.set(conn.id, who);
    }
    return who;
  };
  const localMsOf = (tsNs: bigint): number => {
    const unixMs = recording.clock.unixMs + Number(tsNs - recording.clock.ns) / 1e6;
    const offset = options.utcOffsetMinutes ?? -new Date(unixMs).getTimezoneOffset();
    return unixMs + offset * 60_000;
  };

  const skipChunks = options.startAfterChunks ?? 0;
  const skipBytes = options.startAfterBytes ?? 0;
  let started = skipChunks <= 0 && skipBytes <= 0;
  let droppedChunks = 0;
  let droppedBytes = 0;
  const openedBeforeStart = new Set<number>();
  const connectDue = new Set<number>(); // tracked connections whose connect line is still to come
  const seenData = new Set<number>();
  const calls: CapturedCall[] = [];

  for (const chunk of recording.chunks) {
    const conn = connections.get(chunk.conn);
    if (!conn) continue;
    const key = String(conn.id);
    if (!started) {
      if (chunk.kind === 'open') openedBeforeStart.add(conn.id);
      if (chunk.kind !== 'data') continue; // a close before the capture began is not seen
      const length = chunk.data.length;
      if (droppedChunks < skipChunks || droppedBytes + length <= skipBytes) {
        droppedChunks++;
        droppedBytes += length;
        // The capture begins right after the last dropped chunk: opens and closes from here on are seen.
        started = droppedChunks >= skipChunks && droppedBytes >= skipBytes;
        continue;
      }
      started = true; // this chunk straddles the byte budget: keep its tail
      const tail = chunk.data.subarray(Math.max(0, skipBytes - droppedBytes));
      pushData(conn, key, { ...chunk, data: tail });
      continue;
    }
    if (chunk.kind === 'open') {
      if (options.lateConnect) connectDue.add(conn.id);
      else calls.push({ kind: 'connect', conn: key, who: identityOf(conn), tuple: sideTuple(conn, side) });
    } else if (chunk.kind === 'close') {
      if (options.destroyLines !== false) calls.push({ kind: 'destroy', conn: key });
    } else {
      pushData(conn, key, chunk);
    }
  }
  return calls;

  function pushData(conn: TapConnection, key: string, chunk: Extract<TapChunk, { kind: 'data' }>): void {
    const direction = chunk.from === writer ? 'write' : 'read';
    const tracked = !openedBeforeStart.has(conn.id) || options.trackMidConnections === true;
    // A connection already open when the capture began gets its connect line only if asked to.
    if (!seenData.has(conn.id) && openedBeforeStart.has(conn.id) && options.trackMidConnections) connectDue.add(conn.id);
    seenData.add(conn.id);
    const who = identityOf(conn);
    const lateConnect = connectDue.has(conn.id) && options.lateConnect === true;
    if (connectDue.has(conn.id) && !lateConnect) {
      calls.push({ kind: 'connect', conn: key, who, tuple: sideTuple(conn, side) });
      connectDue.delete(conn.id);
    }
    for (const data of splitIntoCalls(chunk.data, direction === 'write' && options.cutWritesAt16k === true)) {
      calls.push({
        kind: 'data',
        conn: key,
        tsNs: chunk.tsNs,
        localMs: localMsOf(chunk.tsNs),
        who,
        direction,
        protocol: conn.protocol,
        ...(tracked ? { tuple: sideTuple(conn, side) } : {}),
        data,
      });
    }
    if (lateConnect) {
      calls.push({ kind: 'connect', conn: key, who, tuple: sideTuple(conn, side) });
      connectDue.delete(conn.id);
    }
  }
}
