// The exchange model shared by the HTTP/1 and HTTP/2 layers and read by the sinks.
// Nothing here is invented: what was not captured is absent and named in `issues`.

import type { Dialect, Endpoint } from '../decode/records.js';

/** Stable issue codes; see docs/architecture.md for what each one means. */
export type IssueCode =
  | 'request-missing'
  | 'response-missing'
  | 'body-truncated'
  | 'parse-error'
  | 'capture-truncated'
  | 'order-based-pairing'
  | 'completion-inferred'
  | 'headers-rerendered'
  | 'scheme-inferred'
  | 'time-unanchored'
  | 'time-approximate'
  | 'gap'
  | 'resync'
  | 'mid-stream-start'
  | 'dialect-conflict'
  | 'side-count-mismatch'
  | 'ambiguous-connection'
  | 'body-may-include-next'
  | 'padding-ambiguous'
  | 'headers-lost'
  | 'hpack-context-lost'
  | 'hpack-uncertain'
  | 'h2-request-side-lost'
  | 'stream-reset'
  | 'goaway-unprocessed'
  | 'server-push'
  | 'upgrade'
  | 'tunnel'
  | 'interim-only'
  | 'connection-evicted'
  | 'body-capped'
  | 'body-undecodable'
  | 'unknown-coding'
  | 'limit-exceeded'
  | 'end-of-input';

export interface ExchangeIssue {
  code: IssueCode;
  /** Which side it concerns, when it concerns one. */
  side?: 'request' | 'response' | 'connection';
  detail?: string;
}

/** An instant: `ms` is Unix epoch ms when anchored; otherwise ms on the event's own clock. */
export interface Instant {
  ms: number;
  /** false when no wall-clock anchor was available: `ms` is then only good for ordering. */
  anchored: boolean;
  /** v1 flush-window ends and arrival-time fallbacks are approximate. */
  approximate: boolean;
}

export type HeaderList = Array<[name: string, value: string]>;

export type BodyStatus =
  | 'complete'
  | 'truncated' // bytes missing from the capture
  | 'capped' // we stopped keeping bytes at a configured cap (sizes and hashes still count them)
  | 'undecodable' // content coding failed; `decoded` absent, wire kept
  | 'absent' // no body was sent (or none can have been)
  | 'decoded-by-ecapture'; // v1: eCapture already de-chunked / gunzipped it

export interface Body {
  status: BodyStatus;
  /** Wire bytes after de-chunking, still content-encoded; may be a prefix (status `capped`). */
  wire?: Uint8Array;
  /** Total wire bytes seen (after de-chunking), even past the cap. */
  wireSize: number;
  wireSha256?: string;
  /** Content-decoded bytes within the cap; same object as `wire` when no coding applies. */
  decoded?: Uint8Array;
  /** Total decoded bytes produced, even past the cap; undefined if decoding failed. */
  decodedSize?: number;
  decodedSha256?: string;
  /** Codings as listed in Content-Encoding, in header order; `applied` were undone here. */
  codings: string[];
  applied: string[];
}

export interface RequestHead {
  method: string;
  /** Absolute URL; HTTP/1 scheme is `https` (eCapture hooks TLS) unless the target is absolute. */
  url: string;
  scheme: string;
  authority?: string;
  /** Request target as sent (origin-form path + query, or absolute form). */
  target: string;
  /** Regular headers; HTTP/2 pseudo-headers are in `pseudoHeaders`. */
  headers: HeaderList;
  pseudoHeaders?: HeaderList;
  /** Exact head size on the wire (HTTP/1 raw/v2 only). */
  headBytes?: number;
}

export interface ResponseHead {
  status: number;
  reason: string;
  headers: HeaderList;
  pseudoHeaders?: HeaderList;
  headBytes?: number;
}

export interface InterimResponse {
  status: number;
  reason: string;
  headers: HeaderList;
  at?: Instant;
}

export interface RequestSide extends RequestHead {
  body: Body;
  trailers?: HeaderList;
  start?: Instant;
  end?: Instant;
}

export interface ResponseSide extends ResponseHead {
  interim: InterimResponse[];
  body: Body;
  trailers?: HeaderList;
  start?: Instant;
  end?: Instant;
}

export interface ConnectionInfo {
  /** Stable id: `<pid>:<fd>:<generation>` (fd `?` when unknown). */
  id: string;
  pid: number;
  tid?: number;
  comm: string;
  fd?: number;
  client?: Endpoint;
  server?: Endpoint;
  /** Which end eCapture hooked, decided from the bytes. */
  hooked: 'client' | 'server' | 'unknown';
}

export type HttpProtocol = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';

export interface Exchange {
  /** Stable within a source: `<connection id>#<index>` (HTTP/2: `…#s<stream id>`). */
  id: string;
  connection: ConnectionInfo;
  protocol: HttpProtocol;
  streamId?: number;
  /** The dialect the connection settled on. */
  dialect: Exclude<Dialect, 'v1-or-raw'>;
  /** v1 heads are Go's re-rendering: canonical names, sorted, lines added or moved. */
  headersRerendered: boolean;
  request?: RequestSide;
  response?: ResponseSide;
  issues: ExchangeIssue[];
}

export function hasIssue(x: Exchange, code: IssueCode): boolean {
  return x.issues.some((i) => i.code === code);
}

export function addIssue(issues: ExchangeIssue[], issue: ExchangeIssue): void {
  if (!issues.some((i) => i.code === issue.code && i.side === issue.side)) issues.push(issue);
}
