// Splits the head of an HTTP/1 message (start line, field lines) off a payload, on bytes, keeping
// what the dialect signs of protocol reference §2.4 step 5 need: line ends and exact field lines.

import { decodeLatin1 } from './lenient-text.js';

export interface HeadField {
  /** The whole line without its line end (latin1: one char per byte). */
  line: string;
  /** Text before the first `:`; the whole line when there is none. */
  name: string;
  /** Text after `:` with surrounding SP/HTAB removed. */
  value: string;
  hasColon: boolean;
}

export interface Http1Head {
  /** The first line; undefined when the payload holds no line end within the scan limit. */
  startLine?: string;
  fields: HeadField[];
  /** Some head line ends in a bare LF. */
  lfOnly: boolean;
  /** The blank line ending the head was found. */
  complete: boolean;
  /** Offset of the body (just past the blank line) when complete. */
  bodyStart: number;
}

const LF = 0x0a;
const CR = 0x0d;
/** Heads longer than this are not judged: Go's http.DefaultMaxHeaderBytes, so no v1 head is longer. */
const HEAD_SCAN_LIMIT = 1024 * 1024;

function toField(line: string): HeadField {
  const colon = line.indexOf(':');
  if (colon < 0) return { line, name: line, value: '', hasColon: false };
  return { line, name: line.slice(0, colon), value: line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''), hasColon: true };
}

/** Start lines longer than this are not judged as start lines. */
const START_LINE_LIMIT = HEAD_SCAN_LIMIT;

/**
 * The first line without its line end, decoded alone (cheap pre-check before readHttp1Head);
 * undefined when no LF ends it within the limit.
 */
export function readStartLine(payload: Uint8Array): string | undefined {
  const lf = payload.indexOf(LF);
  if (lf < 0 || lf >= START_LINE_LIMIT) return undefined;
  return decodeLatin1(payload.subarray(0, lf > 0 && payload[lf - 1] === CR ? lf - 1 : lf));
}

/** Offset just past the blank line ending the head, or -1 when there is none within `limit`. */
function findHeadEnd(payload: Uint8Array, limit: number): number {
  for (let lf = payload.indexOf(LF); lf >= 0 && lf < limit; lf = payload.indexOf(LF, lf + 1)) {
    const next = payload[lf + 1];
    if (next === LF) return lf + 2;
    if (next === CR && payload[lf + 2] === LF) return lf + 3;
  }
  return -1;
}

export function readHttp1Head(payload: Uint8Array): Http1Head {
  const limit = Math.min(payload.length, HEAD_SCAN_LIMIT);
  const headEnd = findHeadEnd(payload, limit);
  const head: Http1Head = { fields: [], lfOnly: false, complete: headEnd >= 0, bodyStart: headEnd >= 0 ? headEnd : payload.length };
  // One decode for the whole head (TextDecoder calls dominate on short lines).
  const text = decodeLatin1(payload.subarray(0, headEnd >= 0 ? headEnd : limit));
  const lines = text.split('\n');
  lines.pop(); // after the last \n: empty for a complete head, a cut line otherwise
  for (const raw of lines) {
    const crlf = raw.endsWith('\r');
    if (!crlf) head.lfOnly = true;
    const line = crlf ? raw.slice(0, -1) : raw;
    if (head.startLine === undefined) head.startLine = line;
    else if (line !== '') head.fields.push(toField(line));
  }
  return head;
}
