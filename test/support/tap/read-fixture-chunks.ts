// Reads a fixture's `chunks.jsonl` (one SSL call or close per line, from the client process) and
// turns it into the side-resolved calls the event writer renders, following the fixtures README
// (`stream-v2.ldpb`, `stream-raw.ldpb`, `chunks.jsonl`).

import type { CapturedCall, Endpoint, ProcessIdentity, TapProtocol, Tuple } from './types.js';

export interface FixtureDataChunk {
  kind: 'data';
  /** ms since the scenario start. */
  tMs: number;
  /** eBPF ktime (boot-relative ns), exact. */
  tsNs: bigint;
  /** Connection id (`c1` …); absent in upstream-testdata. */
  conn?: string;
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  /** 1 = SSL_write, 0 = SSL_read. */
  dataType: 0 | 1;
  tuple?: Tuple;
  data: Uint8Array;
}

export interface FixtureCloseChunk {
  kind: 'close';
  tMs: number;
  tsNs: bigint;
  conn?: string;
  pid: number;
  fd: number;
  tuple?: Tuple;
}

export type FixtureChunk = FixtureDataChunk | FixtureCloseChunk;

/** Wall-clock origin of the fixtures' v2 dates: 2026-11-23 04:09:15.000 (UTC) + t_ms. */
export const FIXTURE_V2_EPOCH_MS = Date.UTC(2026, 10, 23, 4, 9, 15);

const PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

function parseEndpoint(text: string): Endpoint {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, colon);
  const ip = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return { ip, port: Number(text.slice(colon + 1)) };
}

/** `127.0.0.1:40324-127.0.0.1:28100` (or bracketed IPv6) as a client→server tuple. */
export function parseTupleText(text: string): Tuple {
  const dash = text.indexOf('-');
  return { client: parseEndpoint(text.slice(0, dash)), server: parseEndpoint(text.slice(dash + 1)) };
}

/** One chunk per non-empty line. `ts_ns` is read from the text so it stays exact past 2^53. */
export function parseChunksJsonl(text: string): FixtureChunk[] {
  const chunks: FixtureChunk[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    const tsMatch = /"ts_ns":\s*(\d+)/.exec(line);
    if (!tsMatch) throw new Error(`chunks.jsonl line without ts_ns: ${line.slice(0, 80)}`);
    const common = {
      tMs: Number(o['t_ms']),
      tsNs: BigInt(tsMatch[1]!),
      pid: Number(o['pid']),
      fd: Number(o['fd']),
      ...(typeof o['conn'] === 'string' ? { conn: o['conn'] } : {}),
      ...(typeof o['tuple'] === 'string' ? { tuple: parseTupleText(o['tuple']) } : {}),
    };
    if (o['event'] === 'close') {
      chunks.push({ kind: 'close', ...common });
      continue;
    }
    chunks.push({
      kind: 'data',
      ...common,
      tid: Number(o['tid']),
      comm: String(o['comm']),
      dataType: o['data_type'] === 1 ? 1 : 0,
      data: new Uint8Array(Buffer.from(String(o['data_b64']), 'base64')),
    });
  }
  return chunks;
}

/** The connection a chunk belongs to: its `conn` id, else pid + fd (+ tuple). */
export function fixtureConnectionKey(chunk: FixtureChunk): string {
  if (chunk.conn !== undefined) return chunk.conn;
  const tuple = chunk.tuple;
  const tupleText = tuple ? `${tuple.client.ip}:${tuple.client.port}-${tuple.server.ip}:${tuple.server.port}` : '';
  return `${chunk.pid}/${chunk.fd}/${tupleText}`;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * The README's rule for connections without `expected.json`: HTTP/2 if the connection's writes
 * start with the client preface or, with no writes, its reads start with a SETTINGS frame on stream 0.
 */
export function inferFixtureProtocols(chunks: readonly FixtureChunk[]): Map<string, TapProtocol> {
  const writes = new Map<string, Uint8Array>();
  const reads = new Map<string, Uint8Array>();
  for (const chunk of chunks) {
    if (chunk.kind !== 'data') continue;
    const key = fixtureConnectionKey(chunk);
    const first = chunk.dataType === 1 ? writes : reads;
    if (!first.has(key)) first.set(key, chunk.data);
  }
  const protocols = new Map<string, TapProtocol>();
  for (const key of new Set([...writes.keys(), ...reads.keys()])) {
    const write = writes.get(key);
    const read = reads.get(key);
    const settingsFirst =
      read !== undefined && read.length >= 9 && read[3] === 0x04 && ((read[5]! & 0x7f) | read[6]! | read[7]! | read[8]!) === 0;
    const h2 = write !== undefined ? startsWith(write, PREFACE) : settingsFirst;
    protocols.set(key, h2 ? 'http2' : 'http1');
  }
  return protocols;
}

export interface FixtureCallOptions {
  /** Protocol per connection key (e.g. from expected.json); inferred from content where missing. */
  protocols?: ReadonlyMap<string, TapProtocol>;
  /** Wall-clock origin for v2 dates (ms, printed as UTC); default FIXTURE_V2_EPOCH_MS. */
  epochMs?: number;
}

/**
 * The fixture's calls as the fixtures' generator saw them: client side, one call per data chunk,
 * a connect before each connection's first data when it has a tuple, a destroy per close record.
 */
export function fixtureCalls(chunks: readonly FixtureChunk[], options: FixtureCallOptions = {}): CapturedCall[] {
  const inferred = inferFixtureProtocols(chunks);
  const epochMs = options.epochMs ?? FIXTURE_V2_EPOCH_MS;
  const connected = new Set<string>();
  const calls: CapturedCall[] = [];
  for (const chunk of chunks) {
    const conn = fixtureConnectionKey(chunk);
    if (chunk.kind === 'close') {
      calls.push({ kind: 'destroy', conn });
      continue;
    }
    const who: ProcessIdentity = { pid: chunk.pid, tid: chunk.tid, comm: chunk.comm, fd: chunk.fd };
    if (chunk.tuple && !connected.has(conn)) calls.push({ kind: 'connect', conn, who, tuple: chunk.tuple });
    connected.add(conn);
    calls.push({
      kind: 'data',
      conn,
      tsNs: chunk.tsNs,
      localMs: epochMs + Math.floor(chunk.tMs),
      who,
      direction: chunk.dataType === 1 ? 'write' : 'read',
      protocol: options.protocols?.get(conn) ?? inferred.get(conn) ?? 'http1',
      ...(chunk.tuple ? { tuple: chunk.tuple } : {}),
      data: chunk.data,
    });
  }
  return calls;
}
