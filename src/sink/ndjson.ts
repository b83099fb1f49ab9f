// NDJSON export: one flat JSON object per exchange, keyed with OpenTelemetry HTTP semantic-convention
// names where they exist and `ecapture.`-prefixed names otherwise, so Vector or an OpenTelemetry
// Collector can ship the lines unchanged. Schema: docs/ndjson.md.

import type { Body, Exchange, HeaderList } from '../model/exchange.js';
import { computeTimings, withTimeIssues } from './compute-timings.js';
import { explainMissingResponse } from './explain-missing-response.js';
import { OutputQueue } from './queue-output.js';
import { contentCodings, firstHeader } from './read-headers.js';
import { normalizeRedactOption, redactExchangeWithReport, type RedactOptions } from './redact.js';
import { parseUrl } from './parse-url.js';
import { base64Of, DEFAULT_MAX_BODY_BYTES, encodeBodyForJson, hasBody, selectBody } from './select-body.js';
import { SinkClosedError } from './sink-errors.js';

export interface NdjsonOptions {
  /** Bodies holding more bytes than this are left out (flagged). Default 16 MiB. */
  maxBodyBytes?: number;
  /** `true`: the default set (Cookie, Set-Cookie, Authorization, Proxy-Authorization, URL credentials). */
  redact?: RedactOptions | boolean;
  /** Set false to leave all body bytes out (sizes and statuses stay). Default true. */
  bodies?: boolean;
}

export interface NdjsonWriterOptions extends NdjsonOptions {
  /** End the output stream in close() and wait for it to flush. Default false (the caller owns it). */
  endStream?: boolean;
}

/** OpenTelemetry's known methods; anything else is reported as `_OTHER` plus the original. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE']);

const PROTOCOL_VERSIONS: Record<Exchange['protocol'], string> = { 'HTTP/1.0': '1.0', 'HTTP/1.1': '1.1', 'HTTP/2': '2' };

type Fields = Record<string, unknown>;

export function exchangeToNdjson(x: Exchange, options: NdjsonOptions = {}): Record<string, unknown> {
  const redact = normalizeRedactOption(options.redact);
  let redacted: string[] = [];
  if (redact) ({ exchange: x, redacted } = redactExchangeWithReport(x, redact));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const withBodies = options.bodies !== false;
  const timings = computeTimings(x);
  const o: Fields = {};

  o['ecapture.time.start'] = timings.startIso;
  if (timings.endIso !== undefined) o['ecapture.time.end'] = timings.endIso;
  o['ecapture.time.anchored'] = timings.anchored;
  o['ecapture.time.send_ms'] = timings.send;
  o['ecapture.time.wait_ms'] = timings.wait;
  o['ecapture.time.receive_ms'] = timings.receive;
  o['ecapture.duration_ms'] = timings.total;
  o['ecapture.exchange.id'] = x.id;
  o['ecapture.connection.id'] = x.connection.id;
  o['ecapture.dialect'] = x.dialect;
  o['ecapture.hooked'] = x.connection.hooked;
  o['ecapture.headers_rerendered'] = x.headersRerendered;
  if (x.streamId !== undefined) o['ecapture.stream_id'] = x.streamId;
  o['network.protocol.name'] = 'http';
  o['network.protocol.version'] = PROTOCOL_VERSIONS[x.protocol];
  addConnection(o, x);

  const request = x.request;
  if (request && request.method !== '') {
    const method = KNOWN_METHODS.has(request.method) ? request.method : '_OTHER';
    o['http.request.method'] = method;
    if (method !== request.method) o['http.request.method_original'] = request.method;
  }
  if (request && request.url !== '') addUrl(o, request.url, x);
  if (request) {
    addHeaders(o, 'http.request.header.', request.headers);
    addPseudoHeaders(o, 'ecapture.request.pseudo_header.', request.pseudoHeaders);
    addHeaders(o, 'ecapture.request.trailer.', request.trailers);
    addHeadSize(o, 'ecapture.request.headers_size', x, request.headBytes);
    addBody(o, 'request', request.body, request.headers, maxBodyBytes, withBodies);
  }

  const response = x.response;
  if (response) {
    o['http.response.status_code'] = response.status;
    o['ecapture.response.status_text'] = response.reason;
    if (response.interim.length > 0) o['ecapture.response.interim_status_codes'] = response.interim.map((i) => i.status);
    addHeaders(o, 'http.response.header.', response.headers);
    addPseudoHeaders(o, 'ecapture.response.pseudo_header.', response.pseudoHeaders);
    addHeaders(o, 'ecapture.response.trailer.', response.trailers);
    addHeadSize(o, 'ecapture.response.headers_size', x, response.headBytes);
    addBody(o, 'response', response.body, response.headers, maxBodyBytes, withBodies);
  } else {
    // OpenTelemetry's error.type: the request got no response; the issue code says why.
    o['error.type'] = explainMissingResponse(x);
  }

  const issues = withTimeIssues(x.issues, timings);
  const issueCodes = issues.map((i) => i.code);
  const details = issues.map((i) => `${i.code}${i.side ? ` (${i.side})` : ''}${i.detail ? `: ${i.detail}` : ''}`);
  o['ecapture.issues'] = issueCodes;
  if (details.some((d, i) => d !== issueCodes[i])) o['ecapture.issue_details'] = details;
  if (redacted.length > 0) o['ecapture.redacted'] = redacted;
  return o;
}

function addConnection(o: Fields, x: Exchange): void {
  const c = x.connection;
  if (c.client) {
    o['client.address'] = c.client.ip;
    o['client.port'] = c.client.port;
  }
  // The peer of the hooked process, as a socket address (server.address is the URL's host).
  const peer = c.hooked === 'client' ? c.server : c.hooked === 'server' ? c.client : undefined;
  if (peer) {
    o['network.peer.address'] = peer.ip;
    o['network.peer.port'] = peer.port;
  }
  o['process.pid'] = c.pid;
  o['process.executable.name'] = c.comm;
  if (c.tid !== undefined) o['thread.id'] = c.tid;
  if (c.fd !== undefined) o['ecapture.fd'] = c.fd;
}

function addUrl(o: Fields, url: string, x: Exchange): void {
  const parts = parseUrl(url);
  o['url.full'] = url;
  if (parts.scheme !== undefined) o['url.scheme'] = parts.scheme;
  o['url.path'] = parts.path;
  if (parts.query !== undefined) o['url.query'] = parts.query;
  const host = parts.host ?? x.connection.server?.ip;
  const port = parts.host !== undefined ? parts.port : x.connection.server?.port;
  if (host !== undefined) o['server.address'] = host;
  if (port !== undefined) o['server.port'] = port;
}

function addHeaders(o: Fields, prefix: string, headers: HeaderList | undefined): void {
  if (!headers) return;
  for (const [name, value] of headers) {
    const key = prefix + name.toLowerCase();
    const existing = o[key];
    if (Array.isArray(existing)) existing.push(value);
    else o[key] = [value];
  }
}

function addPseudoHeaders(o: Fields, prefix: string, headers: HeaderList | undefined): void {
  if (!headers) return;
  for (const [name, value] of headers) o[prefix + name.replace(/^:/, '').toLowerCase()] = value;
}

function addHeadSize(o: Fields, key: string, x: Exchange, headBytes: number | undefined): void {
  if (x.protocol !== 'HTTP/2' && !x.headersRerendered && headBytes !== undefined && Number.isInteger(headBytes)) {
    o[key] = headBytes;
  }
}

function addBody(
  o: Fields,
  side: 'request' | 'response',
  body: Body,
  headers: HeaderList,
  maxBodyBytes: number,
  withBodies: boolean,
): void {
  const contentType = firstHeader(headers, 'content-type');
  const headerCodings = contentCodings(headers);
  const otelSize = `http.${side}.body.size`;
  const prefix = `ecapture.${side}.body.`;
  if (!hasBody(body)) {
    o[otelSize] = 0;
    return;
  }
  const selected = selectBody(body, maxBodyBytes, headerCodings);
  if (selected.wireSize !== undefined) o[otelSize] = selected.wireSize;
  o[`${prefix}decoded_size`] = selected.contentSize;
  o[`${prefix}status`] = selected.status ?? body.status;
  // As the head names them: eCapture v1 bodies it gunzipped carry none in the model.
  const codings = body.codings.length > 0 ? body.codings : headerCodings;
  if (codings.length > 0) o[`${prefix}codings`] = codings;
  if (body.wireSha256 !== undefined) o[`${prefix}wire_sha256`] = body.wireSha256;
  if (body.decodedSha256 !== undefined) o[`${prefix}decoded_sha256`] = body.decodedSha256;
  const bytes = selected.bytes;
  if (withBodies && bytes !== undefined) {
    if (selected.stillEncoded) {
      o[`${prefix}base64`] = base64Of(bytes);
    } else {
      const encoded = encodeBodyForJson(bytes, contentType, selected.partial);
      o[encoded.base64 ? `${prefix}base64` : `${prefix}text`] = encoded.text;
    }
  }
  if (selected.notes.length > 0) o[`${prefix}comment`] = selected.notes.join('; ');
}

/** Writes one line per exchange, respecting back-pressure; close() waits for queued lines. */
export class NdjsonWriter {
  readonly #output: OutputQueue;
  readonly #options: NdjsonWriterOptions;
  #state: 'open' | 'closing' | 'closed' = 'open';
  #closing: Promise<void> | undefined;
  #written = 0;

  constructor(out: NodeJS.WritableStream, options: NdjsonWriterOptions = {}) {
    this.#output = new OutputQueue(out);
    this.#options = options;
  }

  get written(): number {
    return this.#written;
  }

  write(x: Exchange): Promise<void> {
    if (this.#state !== 'open') return Promise.reject(new SinkClosedError('NdjsonWriter'));
    return this.#output.enqueue(async () => {
      await this.#output.send(`${JSON.stringify(exchangeToNdjson(x, this.#options))}\n`);
      this.#written++;
    });
  }

  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#state = 'closing';
    this.#closing = this.#output.enqueue(async () => {
      if (this.#options.endStream) await this.#output.end();
      this.#state = 'closed';
    });
    return this.#closing;
  }
}
