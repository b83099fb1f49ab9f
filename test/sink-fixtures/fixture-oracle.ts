// Ground truth for the sink fixture tests that the code under test never computes: the list of
// fixture streams, HTTP/1 head sizes framed from the raw bytes of `chunks.jsonl`, sha256 of the
// bodies a HAR entry or an NDJSON line carries, and matching of entries/lines to expected.json.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAM_FILES, FIXTURES, scenarios, type ExpectedConnection, type ExpectedExchange, type Scenario, type StreamFile } from '../support/expected.js';
import { parseChunksJsonl } from '../support/tap/index.js';

export const DEMO_RECORDING = new URL('../../fixtures/demo/demo.ldpb', import.meta.url).pathname;
export const UPSTREAM_FILES = ['stream.ldpb', 'stream-untracked.ldpb', 'stream-v2.ldpb', 'stream-raw.ldpb'] as const;

export interface FixtureStream {
  /** `h2-post/stream-v2.ldpb`, `upstream-testdata/stream.ldpb`, `demo/demo.ldpb`. */
  label: string;
  path: string;
  /** With ground truth: the h1- and h2- scenarios. */
  scenario?: Scenario;
  file?: StreamFile;
}

/** Every fixture stream: all h1- and h2- scenarios × five files, upstream-testdata, the demo. */
export function fixtureStreams(): FixtureStream[] {
  const out: FixtureStream[] = [];
  for (const scenario of scenarios()) {
    for (const file of STREAM_FILES) out.push({ label: `${scenario.name}/${file}`, path: join(scenario.dir, file), scenario, file });
  }
  for (const file of UPSTREAM_FILES) out.push({ label: `upstream-testdata/${file}`, path: join(FIXTURES, 'upstream-testdata', file) });
  out.push({ label: 'demo/demo.ldpb', path: DEMO_RECORDING });
  return out;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const EMPTY_SHA256 = sha256Hex(new Uint8Array(0));

/** Counts the messages of a size-delimited recording (`varint(len) || message`), independently of src/. */
export function countDelimitedMessages(bytes: Uint8Array): number {
  let pos = 0;
  let count = 0;
  while (pos < bytes.length) {
    let len = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      len += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    pos += len;
    count++;
  }
  if (pos !== bytes.length) throw new Error('recording does not end on a message boundary');
  return count;
}

// ---------------------------------------------------------------- HTTP/1 heads from chunks.jsonl

export interface Http1Heads {
  /** Request head sizes in wire order, blank line included. */
  request: number[];
  /** Final response head sizes in wire order (1xx heads are not counted here). */
  response: number[];
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Head sizes per HTTP/1 connection of a scenario, framed from the client's SSL_write/SSL_read bytes. */
export function http1HeadSizes(scenario: Scenario): Map<string, Http1Heads> {
  const chunks = parseChunksJsonl(readFileSync(join(scenario.dir, 'chunks.jsonl'), 'utf8'));
  const out = new Map<string, Http1Heads>();
  for (const conn of scenario.connections) {
    if (conn.protocol !== 'HTTP/1.1') continue;
    const side = (dataType: 0 | 1): Buffer =>
      Buffer.concat(chunks.flatMap((c) => (c.kind === 'data' && c.conn === conn.conn_id && c.dataType === dataType ? [c.data] : [])));
    const requests = frameRequests(side(1));
    const responses = frameResponses(side(0), requests.map((r) => r.method));
    out.set(conn.conn_id, { request: requests.map((r) => r.headSize), response: responses });
  }
  return out;
}

interface Head {
  startLine: string;
  headSize: number;
  headers: Map<string, string>;
}

function readHead(buf: Buffer, from: number): Head | undefined {
  const end = buf.indexOf(CRLFCRLF, from);
  if (end < 0) return undefined;
  const lines = buf.subarray(from, end).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { startLine: lines[0]!, headSize: end + 4 - from, headers };
}

/**
 * Where a message body that starts at `from` ends (RFC 9112 §6.3): none, chunked, Content-Length,
 * else a request has none and a response runs to the end of the connection.
 */
function bodyEnd(buf: Buffer, from: number, headers: Map<string, string>, kind: 'request' | 'response' | 'none'): number {
  if (kind === 'none') return from;
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) return chunkedEnd(buf, from);
  const length = headers.get('content-length');
  if (length !== undefined) return from + Number(length);
  return kind === 'request' ? from : buf.length;
}

function chunkedEnd(buf: Buffer, from: number): number {
  let pos = from;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', pos);
    const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1').split(';')[0]!, 16);
    pos = lineEnd + 2;
    if (size === 0) {
      // trailer fields until the empty line
      for (;;) {
        const end = buf.indexOf('\r\n', pos);
        const empty = end === pos;
        pos = end + 2;
        if (empty) return pos;
      }
    }
    pos += size + 2;
  }
}

function frameRequests(buf: Buffer): Array<{ method: string; headSize: number }> {
  const out: Array<{ method: string; headSize: number }> = [];
  let pos = 0;
  while (pos < buf.length) {
    const head = readHead(buf, pos);
    if (!head) break;
    out.push({ method: head.startLine.split(' ')[0]!, headSize: head.headSize });
    pos = bodyEnd(buf, pos + head.headSize, head.headers, 'request');
  }
  return out;
}

function frameResponses(buf: Buffer, methods: string[]): number[] {
  const out: number[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const head = readHead(buf, pos);
    if (!head) break;
    const status = Number(head.startLine.split(' ')[1]);
    pos += head.headSize;
    if (status >= 100 && status < 200) continue;
    const method = methods[out.length];
    out.push(head.headSize);
    pos = bodyEnd(buf, pos, head.headers, method === 'HEAD' || status === 204 || status === 304 ? 'none' : 'response');
  }
  return out;
}

// ---------------------------------------------------------------- bodies as the exports carry them

type Json = Record<string, unknown>;

/** The bytes of a HAR request body: `_content` (base64) when present, else `postData.text`. */
export function harRequestBody(request: Json): Uint8Array {
  const content = request._content as Json | undefined;
  if (content !== undefined) {
    if (content.encoding !== 'base64') throw new Error('request._content without base64 encoding');
    return Buffer.from(content.text as string, 'base64');
  }
  const postData = request.postData as Json | undefined;
  return Buffer.from((postData?.text as string | undefined) ?? '', 'utf8');
}

/** The bytes of a HAR response body: `content.text`, base64 when `content.encoding` says so. */
export function harResponseBody(response: Json): Uint8Array {
  const content = response.content as Json;
  const text = (content.text as string | undefined) ?? '';
  return content.encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
}

/** The bytes of an NDJSON body: `….body.text` (UTF-8) or `….body.base64`. */
export function ndjsonBody(line: Json, side: 'request' | 'response'): Uint8Array {
  const text = line[`ecapture.${side}.body.text`];
  const base64 = line[`ecapture.${side}.body.base64`];
  if (typeof text === 'string' && typeof base64 === 'string') throw new Error(`${side}: both text and base64`);
  if (typeof text === 'string') return Buffer.from(text, 'utf8');
  if (typeof base64 === 'string') return Buffer.from(base64, 'base64');
  return new Uint8Array(0);
}

// ---------------------------------------------------------------- matching to expected.json

/** expected.json fields that test/support/expected.ts does not declare. */
export type ExpectedExchangeFull = ExpectedExchange & { request_body_wire_length: number; response_content_encoding?: string };
export type ExpectedConnectionFull = ExpectedConnection & { comm: string };

export function full(e: ExpectedExchange): ExpectedExchangeFull {
  return e as ExpectedExchangeFull;
}

export function connectionOf(scenario: Scenario, e: ExpectedExchange): ExpectedConnectionFull {
  return scenario.connections.find((c) => c.conn_id === e.conn_id)! as ExpectedConnectionFull;
}

/** `https://host:port/p?q` → `/p?q`: the target as sent, for HTTP/1 and HTTP/2 URLs alike. */
export function pathOfUrl(url: string): string {
  return url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/, '');
}

function pidOf(scenario: Scenario, e: ExpectedExchange): number {
  return connectionOf(scenario, e).pid;
}

/** The HAR entry for an expected exchange (same pid, method, path, stream id), not reusing one. */
export function findHarEntry(entries: Json[], used: Set<Json>, scenario: Scenario, e: ExpectedExchange): Json | undefined {
  const pid = pidOf(scenario, e);
  return entries.find((entry) => {
    const request = entry.request as Json;
    const info = entry._ecapture as Json;
    const pseudoPath = ((request._pseudoHeaders as Json[] | undefined) ?? []).find((h) => h.name === ':path')?.value;
    const path = (pseudoPath as string | undefined) ?? pathOfUrl(request.url as string);
    return !used.has(entry) && info.pid === pid && request.method === e.method && path === e.path && (e.stream_id === undefined || info.streamId === e.stream_id);
  });
}

/** The NDJSON line for an expected exchange, by the same rule. */
export function findNdjsonLine(lines: Json[], used: Set<Json>, scenario: Scenario, e: ExpectedExchange): Json | undefined {
  const pid = pidOf(scenario, e);
  return lines.find((line) => {
    const method = line['http.request.method_original'] ?? line['http.request.method'];
    const url = line['url.full'];
    const pseudoPath = line['ecapture.request.pseudo_header.path'];
    const path = typeof pseudoPath === 'string' ? pseudoPath : typeof url === 'string' ? pathOfUrl(url) : undefined;
    return (
      !used.has(line) &&
      line['process.pid'] === pid &&
      method === e.method &&
      path === e.path &&
      (e.stream_id === undefined || line['ecapture.stream_id'] === e.stream_id)
    );
  });
}

/** Expected `server.address` / `server.port` from the expected authority (`127.0.0.1:28114`). */
export function serverOf(e: ExpectedExchange): { address: string; port: number } {
  const colon = e.authority.lastIndexOf(':');
  return { address: e.authority.slice(0, colon), port: Number(e.authority.slice(colon + 1)) };
}
