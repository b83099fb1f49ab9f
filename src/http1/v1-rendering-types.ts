// What parseV1Http1 reads out of one eCapture v1 HTTP/1 rendering (types 1 and 3, §7.2–§7.4).

import type { HeaderList } from '../model/exchange.js';

/** How the rendered body relates to the wire body, derived from the (original) headers. */
export interface V1BodyFraming {
  /** `Content-Length` as printed: the wire (compressed) length, not the rendered body's. */
  contentLength?: number;
  /** `Transfer-Encoding: chunked` was printed: eCapture de-chunked the body. */
  chunked: boolean;
  /** Content-Encoding tokens in header order, lower-cased, `identity` dropped. */
  codings: string[];
  /** eCapture gunzipped the body (first Content-Encoding exactly `gzip`, body no longer `1f 8b`). */
  gunzippedByEcapture: boolean;
  /** The codings the decode stage must still undo: none after eCapture gunzipped, else `codings`. */
  remainingCodings: string[];
  /** eCapture de-chunked or gunzipped: the body is not the wire body. */
  decodedByEcapture: boolean;
  /** Fewer bytes than `Content-Length` (only decidable when eCapture did not gunzip or de-chunk). */
  truncated: boolean;
  /** A response with neither length nor chunking: its body is the rest of the window. */
  mayIncludeNext: boolean;
  /** The head says a body follows (`Content-Length` > 0 or chunked): the duplicate-head test. */
  announcesBody: boolean;
}

interface V1Http1Common {
  kind: 'message';
  /** `HTTP/<major>.<minor>` from the start line. */
  version: string;
  /** In the order printed (Go's re-rendered order); values as latin1 strings. */
  headers: HeaderList;
  /** The head bytes including the blank line: compared byte for byte by the duplicate-head rule. */
  head: Uint8Array;
  /** Every byte after the first `\r\n\r\n`, as eCapture decoded it. */
  body: Uint8Array;
  framing: V1BodyFraming;
  /** Deviations from Go's template that did not stop parsing. */
  problems: string[];
}

export interface V1Http1Request extends V1Http1Common {
  side: 'request';
  method: string;
  /** Request target exactly as printed (origin-form or absolute-form). */
  target: string;
}

export interface V1Http1Response extends V1Http1Common {
  side: 'response';
  status: number;
  reason: string;
}

export type V1Http1Message = V1Http1Request | V1Http1Response;

/**
 * Not an HTTP/1 message:
 * - `h2-request-side-lost`: type-1 bytes that are HTTP/2 frames (the preface was mis-detected, §2.1);
 * - `no-start-line`: no request or status line (an unread parser tail, §7.4);
 * - `no-head-end`: a start line but no blank line after the head.
 */
export type V1FragmentReason = 'h2-request-side-lost' | 'no-start-line' | 'no-head-end';

export interface V1Fragment {
  kind: 'fragment';
  reason: V1FragmentReason;
  bytes: Uint8Array;
  detail: string;
}
