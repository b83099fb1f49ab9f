// Finds where an HTTP/1 message begins in bytes that do not start with one: a capture that began
// mid-connection, bytes after a parse error, or after a gap (§5 rows 2, 7, 9).
//
// Only positions where a captured event began are taken. A body can quote HTTP (docs, message/http,
// a proxied request), and a start line in the middle of an event after a loss cannot be told from
// quoted text — taking it would fabricate a message. Writers start a message with a new SSL call
// almost always; a message that began mid-event right after a loss is lost with it, and the next
// message found carries the `resync` / `mid-stream-start` flag. The HTTP/2 client preface (a
// 24-byte signature) is recognised anywhere.

import { LLHTTP_METHODS } from './llhttp-adapter.js';

export type StartLineKind = 'request' | 'response' | 'preface';

export interface StartLineHit {
  offset: number;
  kind: StartLineKind;
}

export interface StartLineSearch {
  want: 'request' | 'response' | 'either';
  /** Offsets where a captured event began: the only candidates for a request or status line. */
  eventStarts: readonly number[];
  /** Bound on a start line. */
  maxLineBytes: number;
  /** No more bytes will come: undecided candidates are rejected instead of waited for. */
  final: boolean;
  /** Bytes before this offset were already judged. */
  from?: number;
}

/** `keepFrom`: bytes before it can never begin a message (given more bytes) and may be dropped. */
export type StartLineResult = { hit: StartLineHit } | { hit: undefined; keepFrom: number };

export const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const VERSION = 'HTTP/1.';
const SP = 0x20;
const CR = 0x0d;
const LF = 0x0a;

const METHODS = new Set(LLHTTP_METHODS);
const LONGEST_METHOD = Math.max(...LLHTTP_METHODS.map((m) => m.length));

// RFC 9110 tchar.
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

/** A candidate start line: valid, invalid, or cut short by the end of the bytes. */
export type Judgement = 'yes' | 'no' | 'more';

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function isTargetByte(b: number): boolean {
  return (b > SP && b !== 0x7f) || b >= 0x80;
}

/** `expected` at `at`, or a prefix of it cut by the end of the bytes. */
function literal(data: Uint8Array, at: number, expected: string): Judgement {
  for (let i = 0; i < expected.length; i++) {
    if (at + i >= data.length) return 'more';
    if (data[at + i] !== expected.charCodeAt(i)) return 'no';
  }
  return 'yes';
}

/** CRLF or LF at `at`. */
function lineEnd(data: Uint8Array, at: number): Judgement {
  if (at >= data.length) return 'more';
  if (data[at] === LF) return 'yes';
  if (data[at] !== CR) return 'no';
  if (at + 1 >= data.length) return 'more';
  return data[at + 1] === LF ? 'yes' : 'no';
}

/** `HTTP/1.d SP ddd (SP reason | CRLF | LF)` at `at`. */
export function statusLineAt(data: Uint8Array, at: number): Judgement {
  const version = literal(data, at, VERSION);
  if (version !== 'yes') return version;
  const checks: Array<(b: number) => boolean> = [isDigitByte, (b) => b === SP, isDigitByte, isDigitByte, isDigitByte, (b) => b === SP || b === CR || b === LF];
  for (let i = 0; i < checks.length; i++) {
    const b = data[at + VERSION.length + i];
    if (b === undefined) return 'more';
    if (!checks[i]!(b)) return 'no';
  }
  return 'yes';
}

function isDigitByte(b: number): boolean {
  return isDigit(b);
}

/** `METHOD SP target SP HTTP/1.d (CR)LF` at `at`, METHOD one llhttp knows. */
export function requestLineAt(data: Uint8Array, at: number, maxLineBytes: number): Judgement {
  let i = at;
  while (i < data.length && i - at <= LONGEST_METHOD && TCHAR[data[i]!]) i++;
  if (i >= data.length) return i - at <= LONGEST_METHOD ? 'more' : 'no';
  if (data[i] !== SP || i === at) return 'no';
  if (!METHODS.has(String.fromCharCode(...data.subarray(at, i)))) return 'no';
  const targetStart = ++i;
  while (i < data.length && i - at <= maxLineBytes && isTargetByte(data[i]!)) i++;
  if (i >= data.length) return i - at <= maxLineBytes ? 'more' : 'no';
  if (data[i] !== SP || i === targetStart) return 'no';
  i++;
  const version = literal(data, i, VERSION);
  if (version !== 'yes') return version;
  i += VERSION.length;
  if (i >= data.length) return 'more';
  if (!isDigit(data[i])) return 'no';
  return lineEnd(data, i + 1);
}

function prefaceAt(data: Uint8Array, at: number): Judgement {
  return literal(data, at, H2_PREFACE);
}

function judgeAt(data: Uint8Array, at: number, search: StartLineSearch): { verdict: Judgement; kind: StartLineKind } {
  if (search.want !== 'response') {
    const preface = prefaceAt(data, at);
    if (preface !== 'no') return { verdict: preface, kind: 'preface' };
    const request = requestLineAt(data, at, search.maxLineBytes);
    if (request !== 'no' || search.want === 'request') return { verdict: request, kind: 'request' };
  }
  return { verdict: statusLineAt(data, at), kind: 'response' };
}

/** The earliest preface anywhere at or after `from`; a cut one at the very end counts as pending. */
function findPreface(data: Uint8Array, from: number): { offset: number; verdict: Judgement } | undefined {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const full = buf.indexOf(H2_PREFACE, from, 'latin1');
  if (full >= 0) return { offset: full, verdict: 'yes' };
  for (let at = Math.max(from, data.length - H2_PREFACE.length + 1); at < data.length; at++) {
    if (prefaceAt(data, at) === 'more') return { offset: at, verdict: 'more' };
  }
  return undefined;
}

export function findStartLine(data: Uint8Array, search: StartLineSearch): StartLineResult {
  const from = Math.max(0, search.from ?? 0);
  const preface = search.want === 'response' ? undefined : findPreface(data, from);
  for (const at of [...search.eventStarts].sort((a, b) => a - b)) {
    if (at < from || at >= data.length) continue;
    if (preface && preface.offset < at) break;
    const { verdict, kind } = judgeAt(data, at, search);
    if (verdict === 'yes') return { hit: { offset: at, kind } };
    if (verdict === 'more' && !search.final) return { hit: undefined, keepFrom: at };
  }
  if (preface?.verdict === 'yes') return { hit: { offset: preface.offset, kind: 'preface' } };
  if (preface?.verdict === 'more' && !search.final) return { hit: undefined, keepFrom: preface.offset };
  return { hit: undefined, keepFrom: data.length };
}

/** Whether `bytes` begins with a complete start line of `kind` (capture-cut detection). */
export function beginsWithStartLine(bytes: Uint8Array, kind: 'request' | 'response'): boolean {
  return kind === 'request' ? requestLineAt(bytes, 0, 16 * 1024) === 'yes' : statusLineAt(bytes, 0) === 'yes';
}
