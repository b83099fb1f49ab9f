// One side (request or response) of an HTTP/2 stream as eCapture v1's frame dumps show it, and
// how it becomes a RequestSide / ResponseSide. v1 prints no flags, so completeness is judged by
// content-length or a merged (fully inflated) gzip body only.

import { WireBodyCollector } from '../body/wire-body.js';
import { parseContentCodings } from '../body/content-codings.js';
import type { V1HeaderField } from '../http2/v1-parse-frame-dump.js';
import { requestFromPseudo } from '../http2/request-from-pseudo.js';
import type { Body, ExchangeIssue, HeaderList, Instant, InterimResponse, RequestSide, ResponseSide } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';

export type SideName = 'request' | 'response';

export interface V1H2Side {
  name: SideName;
  /** Any HEADERS or DATA of this side was seen. */
  seen: boolean;
  /** The leading header block arrived (decoded, or announced lost). */
  headersSeen: boolean;
  headersLost: boolean;
  pseudo: HeaderList;
  headers: HeaderList;
  interim: InterimResponse[];
  trailers?: HeaderList;
  collector?: WireBodyCollector;
  /** DATA bytes kept in the body (merged gunzipped bytes for a merged body). */
  bytes: number;
  /** The body is eCapture's merged, gunzipped DATA (§7.5). */
  mergedGzip: boolean;
  /** gzip DATA of some window was printed only as notices: its bytes are lost. */
  gzipBytesLost: boolean;
  truncated: boolean;
  contentLength?: number;
  codings: string[];
  start?: Instant;
  end?: Instant;
  issues: ExchangeIssue[];
  /** Interim responses and trailer fields beyond the limits: counted, not kept. */
  droppedInterim: number;
  droppedTrailerFields: number;
}

/** How much one side keeps of what may repeat without bound (1xx floods, trailer blocks). */
export interface V1SideLimits {
  maxInterim: number;
  maxTrailerFields: number;
}

export function newSide(name: SideName): V1H2Side {
  return {
    name,
    seen: false,
    headersSeen: false,
    headersLost: false,
    pseudo: [],
    headers: [],
    interim: [],
    bytes: 0,
    mergedGzip: false,
    gzipBytesLost: false,
    truncated: false,
    codings: [],
    issues: [],
    droppedInterim: 0,
    droppedTrailerFields: 0,
  };
}

export function touch(side: V1H2Side, at: Instant): void {
  side.seen = true;
  side.start ??= at;
  side.end = at;
}

export function pseudo(side: V1H2Side, name: string): string | undefined {
  return side.pseudo.find(([n]) => n === name)?.[1];
}

function header(side: V1H2Side, name: string): string | undefined {
  return side.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

export function pushBody(side: V1H2Side, bytes: Uint8Array, maxBytes: number): void {
  side.collector ??= new WireBodyCollector(maxBytes);
  side.collector.push(bytes);
  side.bytes += bytes.length;
}

/** Apply a decoded leading block, a 1xx block, or a trailer block to the side. */
export function applyFields(
  side: V1H2Side,
  fields: V1HeaderField[],
  at: Instant,
  limits: V1SideLimits = { maxInterim: Number.POSITIVE_INFINITY, maxTrailerFields: Number.POSITIVE_INFINITY },
): void {
  const pseudoFields: HeaderList = [];
  const regular: HeaderList = [];
  for (const f of fields) (f.name.startsWith(':') ? pseudoFields : regular).push([f.name, f.value]);
  const status = pseudoFields.find(([n]) => n === ':status')?.[1];
  if (side.name === 'response' && status !== undefined && /^1\d\d$/.test(status) && status !== '101') {
    if (side.interim.length < limits.maxInterim) side.interim.push({ status: Number(status), reason: '', headers: regular, at });
    else side.droppedInterim++;
    return;
  }
  if (side.headersSeen && !(side.headersLost && pseudoFields.length > 0)) {
    // A block after the leading one carries trailers (RFC 9113 §8.1); appended in place, up to the cap.
    const trailers = (side.trailers ??= []);
    for (const field of [...pseudoFields, ...regular]) {
      if (trailers.length < limits.maxTrailerFields) trailers.push(field);
      else side.droppedTrailerFields++;
    }
    return;
  }
  side.headersSeen = true;
  side.headersLost = false;
  side.pseudo = pseudoFields;
  side.headers = regular;
  const length = header(side, 'content-length');
  if (length !== undefined && /^\d{1,15}$/.test(length.trim())) side.contentLength = Number(length.trim());
  side.codings = parseContentCodings(side.headers.filter(([n]) => n.toLowerCase() === 'content-encoding').map(([, v]) => v));
}

/** The side's body is whole by its own evidence (a length reached, or eCapture inflated it all). */
export function bodyComplete(side: V1H2Side): boolean {
  if (!side.headersSeen || side.headersLost) return false;
  if (side.mergedGzip) return true;
  if (side.contentLength !== undefined) return side.bytes >= side.contentLength;
  const status = pseudo(side, ':status');
  return status === '204' || status === '304';
}

function finishBody(side: V1H2Side, maxBytes: number): Body {
  const collector = side.collector ?? new WireBodyCollector(maxBytes);
  const short = !side.mergedGzip && side.contentLength !== undefined && side.bytes < side.contentLength;
  const body = collector.finish({
    truncated: side.truncated || side.gzipBytesLost || short,
    // eCapture already gunzipped a merged body: nothing is left for the decode stage to undo.
    codings: side.mergedGzip ? [] : side.codings,
    decodedByEcapture: side.mergedGzip,
  });
  if (body.status === 'truncated') {
    const detail = side.gzipBytesLost
      ? 'gzip DATA printed only as notices (not inflated in its window)'
      : short
        ? `${side.bytes} of content-length ${side.contentLength} bytes`
        : undefined;
    addIssue(side.issues, detail ? { code: 'body-truncated', side: side.name, detail } : { code: 'body-truncated', side: side.name });
  }
  return body;
}

export function requestSideOf(side: V1H2Side, maxBytes: number): RequestSide {
  const result: RequestSide = {
    ...requestFromPseudo(side.pseudo, side.headers),
    headers: side.headers,
    pseudoHeaders: side.pseudo,
    body: finishBody(side, maxBytes),
  };
  if (side.trailers) result.trailers = side.trailers;
  if (side.start) result.start = side.start;
  if (side.end) result.end = side.end;
  return result;
}

export function responseSideOf(side: V1H2Side, maxBytes: number): ResponseSide {
  const status = Number(pseudo(side, ':status') ?? '0');
  const result: ResponseSide = {
    status: Number.isInteger(status) ? status : 0,
    reason: '',
    headers: side.headers,
    pseudoHeaders: side.pseudo,
    interim: side.interim,
    body: finishBody(side, maxBytes),
  };
  if (side.trailers) result.trailers = side.trailers;
  if (side.start) result.start = side.start;
  if (side.end) result.end = side.end;
  return result;
}
