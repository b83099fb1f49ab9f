// Reads a fixture scenario's ground truth (expected.json) and matches decoded exchanges to it.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange, HeaderList } from '../../src/model/exchange.js';

export const FIXTURES = new URL('../../fixtures/ecapture/', import.meta.url).pathname;

export interface ExpectedExchange {
  conn_id: string;
  index: number;
  protocol: string;
  stream_id?: number;
  method: string;
  authority: string;
  path: string;
  request_headers: HeaderList;
  request_body_length: number;
  request_body_sha256: string;
  interim_statuses?: number[];
  status: number;
  response_headers: HeaderList;
  response_trailers?: HeaderList;
  response_body_length: number;
  response_body_sha256: string;
  response_body_wire_length: number;
  complete: boolean;
  visible_in: Record<string, { request: boolean; response: boolean }>;
}

export interface ExpectedConnection {
  conn_id: string;
  protocol: string;
  pid: number;
  fd: number;
  tuple: string;
}

export interface Scenario {
  name: string;
  dir: string;
  connections: ExpectedConnection[];
  exchanges: ExpectedExchange[];
}

export function scenarios(): Scenario[] {
  return readdirSync(FIXTURES)
    .filter((name) => /^h[12]-/.test(name))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as { connections: ExpectedConnection[]; exchanges: ExpectedExchange[] };
      return { name, dir: join(FIXTURES, name), connections: json.connections, exchanges: json.exchanges };
    });
}

export const STREAM_FILES = ['stream.ldpb', 'stream-untracked.ldpb', 'ws-capture.ldpb', 'stream-v2.ldpb', 'stream-raw.ldpb'] as const;
export type StreamFile = (typeof STREAM_FILES)[number];

export function isV1File(file: StreamFile): boolean {
  return file === 'stream.ldpb' || file === 'stream-untracked.ldpb' || file === 'ws-capture.ldpb';
}

/** Whether eCapture's output shows both sides of the exchange in that file (always, for v2/raw). */
export function visibleIn(x: ExpectedExchange, file: StreamFile): boolean {
  if (!isV1File(file)) return true;
  const key = file === 'ws-capture.ldpb' ? 'stream.ldpb' : file;
  const v = x.visible_in[key];
  return !!v && v.request && v.response;
}

/** The request target as the exchange carries it: HTTP/2 `:path`, HTTP/1 the target. */
export function requestPath(x: Exchange): string | undefined {
  const pseudo = x.request?.pseudoHeaders?.find(([n]) => n === ':path');
  return pseudo ? pseudo[1] : x.request?.target;
}

/** Finds, without reuse, the decoded exchange for an expected one: same pid, method, path, stream. */
export function findMatch(found: Exchange[], used: Set<Exchange>, scenario: Scenario, e: ExpectedExchange): Exchange | undefined {
  const conn = scenario.connections.find((c) => c.conn_id === e.conn_id)!;
  return found.find(
    (x) =>
      !used.has(x) &&
      x.connection.pid === conn.pid &&
      x.request?.method === e.method &&
      requestPath(x) === e.path &&
      (e.stream_id === undefined || x.streamId === e.stream_id),
  );
}

/** Lines Go's DumpRequest/DumpResponse add or move (§7.2/§7.3): not comparable in v1 heads. */
const GO_MOVED = new Set(['connection', 'content-length', 'transfer-encoding', 'trailer']);

export function headerMultiset(headers: HeaderList): string[] {
  return headers
    .filter(([name]) => !GO_MOVED.has(name.toLowerCase()))
    .map(([name, value]) => `${name.toLowerCase()}: ${value.trim()}`)
    .sort();
}
