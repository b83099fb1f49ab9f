// Per-message dialect signs for type 1/3 events (protocol reference §2.4 step 5): is this
// eCapture v1's re-rendering (`httputil.DumpRequest/DumpResponse` + decoded body, §7.2–§7.4) or a
// raw producer's SSL chunk? Only signs one message can show are judged here; the duplicate-head
// rule and per-connection memory belong to the stream layer.

import { checkChunkFraming } from './check-chunk-framing.js';
import { isGoCanonicalName } from './go-canonical-name.js';
import { readHttp1Head, readStartLine, type HeadField, type Http1Head } from './read-http1-head.js';

export type V1Sign =
  | 'de-chunked-body' // chunked, but the body is not chunk framing
  | 'gunzipped-body'; // Content-Encoding: gzip, not chunked, body not starting 1f 8b

export type RawSign =
  | 'no-start-line' // mid-message chunk
  | 'start-line-against-type' // type 1 with a status line, type 3 with a request line
  | 'lf-line-ends'
  | 'non-canonical-name'
  | 'field-spacing' // not `Name: value` with a trimmed value, or a folded line
  | 'misplaced-field' // Host / Transfer-Encoding / Trailer / Content-Length where Go never prints them
  | 'unsorted-fields'
  | 'chunk-framing' // chunked with valid framing
  | 'gzip-magic' // Content-Encoding: gzip and the body still starts 1f 8b
  | 'body-beyond-length'; // more body than Content-Length (or any after 1xx/204/304) without gzip

export interface Http1Classification {
  dialect: 'v1' | 'raw' | 'v1-or-raw';
  v1Signs: V1Sign[];
  rawSigns: RawSign[];
  /** A type-1 payload of chained HTTP/2 frames: v1 preface mis-detection if nothing is pending (stream layer). */
  h2FramesAsType1: boolean;
}

const REQUEST_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+ [^ ]+ HTTP\/\d\.\d$/;
const STATUS_LINE = /^HTTP\/\d\.\d (\d{3})/;

function classification(v1Signs: V1Sign[], rawSigns: RawSign[], h2FramesAsType1 = false): Http1Classification {
  // Contrary signs in one message: leave it to the connection's settled dialect.
  const dialect = v1Signs.length > 0 && rawSigns.length === 0 ? 'v1' : rawSigns.length > 0 && v1Signs.length === 0 ? 'raw' : 'v1-or-raw';
  return { dialect, v1Signs, rawSigns, h2FramesAsType1 };
}

/** Every frame header plausible (type ≤ 9, reserved bit clear, ≤ 16 KiB) and chained to the end. */
export function isChainedH2Frames(payload: Uint8Array): boolean {
  let at = 0;
  let frames = 0;
  while (at + 9 <= payload.length) {
    const length = (payload[at]! << 16) | (payload[at + 1]! << 8) | payload[at + 2]!;
    if (payload[at + 3]! > 9 || (payload[at + 5]! & 0x80) !== 0 || length > 16384) return false;
    frames++;
    at += 9 + length;
  }
  // The last frame may be cut by the end of the window, but not its header.
  return frames > 0 && (at >= payload.length);
}

function firstValue(fields: HeadField[], lowerName: string): string | undefined {
  for (const field of fields) if (field.hasColon && field.name.toLowerCase() === lowerName) return field.value;
  return undefined;
}

function fieldSigns(fields: HeadField[], rawSigns: RawSign[]): void {
  for (const field of fields) {
    if (field.line.startsWith(' ') || field.line.startsWith('\t') || !field.hasColon) {
      addSign(rawSigns, 'field-spacing');
      continue;
    }
    if (!isGoCanonicalName(field.name)) addSign(rawSigns, 'non-canonical-name');
    // Go writes `Name: value` with the value trimmed (an empty value leaves `Name: `).
    if (field.line !== `${field.name}: ${field.value}`) addSign(rawSigns, 'field-spacing');
  }
}

function addSign<T>(signs: T[], sign: T): void {
  if (!signs.includes(sign)) signs.push(sign);
}

/** Go's leading lines of DumpRequest (§7.2): Host, Transfer-Encoding, synthetic Connection: close. */
function requestBlockStart(fields: HeadField[]): number {
  let i = 0;
  if (fields[i]?.name === 'Host') i++;
  if (fields[i]?.name === 'Transfer-Encoding') i++;
  if (fields[i]?.line === 'Connection: close') i++;
  return i;
}

/** Go's leading lines of DumpResponse (§7.3): Connection: close, Content-Length | Transfer-Encoding, Trailer. */
function responseBlockStart(fields: HeadField[]): number {
  let i = 0;
  if (fields[i]?.line === 'Connection: close') i++;
  if (fields[i]?.name === 'Content-Length' || fields[i]?.name === 'Transfer-Encoding') i++;
  if (fields[i]?.name === 'Trailer') i++;
  return i;
}

function orderSigns(fields: HeadField[], isRequest: boolean, rawSigns: RawSign[]): void {
  const start = isRequest ? requestBlockStart(fields) : responseBlockStart(fields);
  let end = fields.length;
  // A response with length 0 gets `Content-Length: 0` after the sorted block (§7.3).
  const leadingLength = fields.slice(0, start).some((f) => f.name === 'Content-Length');
  if (!isRequest && !leadingLength && end > start && fields[end - 1]!.line === 'Content-Length: 0') end--;
  const excluded = isRequest ? ['Host', 'Transfer-Encoding', 'Trailer'] : ['Content-Length', 'Transfer-Encoding', 'Trailer'];
  let previous = '';
  for (let i = start; i < end; i++) {
    const name = fields[i]!.name;
    if (excluded.includes(name)) addSign(rawSigns, 'misplaced-field');
    if (name < previous) addSign(rawSigns, 'unsorted-fields');
    previous = name;
  }
}

function isChunked(fields: HeadField[]): boolean {
  const te = firstValue(fields, 'transfer-encoding');
  if (te === undefined) return false;
  const codings = te.split(',');
  return codings[codings.length - 1]!.trim().toLowerCase() === 'chunked';
}

function bodySigns(head: Http1Head, payload: Uint8Array, status: number | undefined, v1Signs: V1Sign[], rawSigns: RawSign[]): void {
  const body = payload.subarray(head.bodyStart);
  if (body.length === 0) return;
  if (status !== undefined && ((status >= 100 && status < 200) || status === 204 || status === 304)) {
    addSign(rawSigns, 'body-beyond-length'); // v1 renders nothing after a bodiless status
    return;
  }
  const fields = head.fields;
  if (isChunked(fields)) {
    const framing = checkChunkFraming(body);
    if (framing === 'valid') addSign(rawSigns, 'chunk-framing');
    else if (framing === 'invalid') addSign(v1Signs, 'de-chunked-body');
    return;
  }
  const coding = firstValue(fields, 'content-encoding')?.split(',')[0]?.trim();
  const gzipMagic = body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
  if (coding === 'gzip' && body.length >= 2) {
    addSign(gzipMagic ? rawSigns : v1Signs, gzipMagic ? 'gzip-magic' : 'gunzipped-body');
    return;
  }
  if (coding?.toLowerCase() === 'gzip') return; // v1 leaves `GZIP` encoded: no sign either way
  const lengthText = firstValue(fields, 'content-length');
  if (lengthText !== undefined && /^\d{1,15}$/.test(lengthText) && body.length > Number(lengthText)) {
    addSign(rawSigns, 'body-beyond-length');
  }
}

/**
 * Classifies one type-1 (request) or type-3 (response) payload. Types other than 1/3 are judged
 * as requests when the payload starts with a request line and as responses otherwise.
 */
export function classifyHttp1Rendering(payload: Uint8Array, type: number): Http1Classification {
  const v1Signs: V1Sign[] = [];
  const rawSigns: RawSign[] = [];
  // The start line first: mid-message chunks (most raw chunks) need nothing more.
  const start = readStartLine(payload);
  const isRequestLine = start !== undefined && REQUEST_LINE.test(start);
  const statusMatch = start === undefined ? null : STATUS_LINE.exec(start);
  if (!isRequestLine && !statusMatch) {
    if (type === 1 && isChainedH2Frames(payload)) return classification(v1Signs, rawSigns, true);
    return classification(v1Signs, ['no-start-line']);
  }
  const head = readHttp1Head(payload);
  if ((type === 1 && !isRequestLine) || (type === 3 && isRequestLine)) addSign(rawSigns, 'start-line-against-type');
  if (head.lfOnly) addSign(rawSigns, 'lf-line-ends');
  fieldSigns(head.fields, rawSigns);
  orderSigns(head.fields, isRequestLine, rawSigns);
  if (head.complete) bodySigns(head, payload, statusMatch ? Number(statusMatch[1]) : undefined, v1Signs, rawSigns);
  return classification(v1Signs, rawSigns);
}
