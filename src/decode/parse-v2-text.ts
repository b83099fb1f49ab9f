// Parses the text payloads of eCapture v2.x (protocol reference §2.2): openssl data lines
// `[time] PID:.. TID:.. Comm:.. FD:.. READ|WRITE (n bytes):\n<n raw bytes>[\n]` and connect /
// destroy lines `PID:.., Comm:.., TID:.., FD:.., Tuple: [ip]:p->[ip]:p\n`. Works on bytes: the n
// data bytes are binary (HTTP/2 frames, NULs, invalid UTF-8, even this header text).

import type { Direction, Tuple } from './records.js';
import { decodeLatin1, decodeUtf8Lenient } from './lenient-text.js';
import { isUnspecifiedIp, parseEndpoint } from './parse-tuple.js';

export interface V2DataLine {
  kind: 'data';
  /** The bracketed time text, e.g. `2026-11-23 04:09:15.100`. */
  timeText: string;
  /** timeText read as if it were UTC (eCapture prints its local time without a zone); NaN when not a date. */
  timeMs: number;
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  direction: Direction;
  /** n as declared in `(n bytes)`. */
  declaredLength: number;
  /** The data bytes: exactly n, or fewer when the payload is short (a view, no copy). */
  data: Uint8Array;
  flags: Array<'v2-trailing-bytes' | 'v2-short-payload'>;
}

export interface V2ConnectLine {
  kind: 'connect';
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  tuple: Tuple;
  destroy: boolean;
}

export type V2Text =
  | V2DataLine
  | V2ConnectLine
  | { kind: 'hex-data'; pid: number } // `--hex` data line: eCapture's own hex layout, unsupported
  | { kind: 'malformed'; detail: string } // starts like a data/connect line but does not parse
  | { kind: 'other' }; // another probe's text (bash, gotls, nspr …)

const LF = 0x0a;
/** Enough for `[date] PID:<20 digits> TID:<20> Comm:<15 bytes> FD:<20> WRITE (<20> bytes):\n`. */
const HEAD_BYTES = 192;
const ASCII = /^[\x00-\x7f]*$/;
/** Longest comm the kernel gives (TASK_COMM_LEN 16 − NUL) plus slack for other producers. */
const COMM_SEARCH_LIMIT = 64;
const HEADER_PREFIX = /^\[(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})\] PID:(\d+) TID:(\d+) Comm:/;
/** The fixed tail of a data header; `, hex` marks the `--hex` layout. */
const HEADER_SUFFIX = / FD:(\d+) (READ|WRITE) \((\d+) bytes(, hex)?\):\n/;
const HEADER_SUFFIX_AT_END = new RegExp(HEADER_SUFFIX.source + '$');
const CONNECT_PREFIX = /^PID:\d+, Comm:[^]*, TID:\d+, FD:\d+, Tuple: /;
const CONNECT_LINE =
  /^PID:(\d+), Comm:([^]*), TID:(\d+), FD:(\d+), Tuple: (\[[^\]]*\]:\d+)->(\[[^\]]*\]:\d+)\n?$/;

function timeTextToMs(y: string, mo: string, d: string, h: string, mi: string, s: string, ms: string): number {
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return Number.NaN;
  return Date.UTC(Number(y), month - 1, day, hour, minute, second, Number(ms));
}

interface HeaderSuffix {
  /** Offset (in the payload) where the suffix starts = where the comm ends. */
  commEnd: number;
  /** Offset just past the header's `\n`. */
  dataStart: number;
  fd: number;
  direction: Direction;
  length: number;
  hex: boolean;
}

function toSuffix(match: RegExpExecArray, commEnd: number): HeaderSuffix {
  return {
    commEnd,
    dataStart: commEnd + match[0].length,
    fd: Number(match[1]),
    direction: match[2] === 'WRITE' ? 'write' : 'read',
    length: Number(match[3]),
    hex: match[4] !== undefined,
  };
}

/**
 * Finds the header's fixed tail. Normally it ends the first line (matched from the right, so a
 * comm with spaces or ` FD:` in it is kept whole); a comm holding `\n` falls back to the first
 * tail found within COMM_SEARCH_LIMIT bytes after `Comm:`. `head` is the payload's start in latin1.
 */
function findHeaderSuffix(payload: Uint8Array, head: string, commStart: number): HeaderSuffix | undefined {
  const firstLf = head.indexOf('\n', commStart);
  if (firstLf >= 0) {
    const match = HEADER_SUFFIX_AT_END.exec(head.slice(commStart, firstLf + 1));
    if (match) return toSuffix(match, commStart + match.index);
  }
  const window = decodeLatin1(payload.subarray(commStart, Math.min(payload.length, commStart + COMM_SEARCH_LIMIT + 40)));
  const match = HEADER_SUFFIX.exec(window);
  if (match && match.index <= COMM_SEARCH_LIMIT) return toSuffix(match, commStart + match.index);
  return undefined;
}

function parseDataLine(payload: Uint8Array, head: string, prefix: RegExpExecArray): V2Text {
  const commStart = prefix[0].length; // latin1: one char per byte
  const suffix = findHeaderSuffix(payload, head, commStart);
  const pid = Number(prefix[8]);
  if (!suffix) return { kind: 'malformed', detail: 'v2 data header without ` FD:<n> READ|WRITE (<n> bytes):\\n`' };
  if (suffix.hex) return { kind: 'hex-data', pid };
  const available = payload.length - suffix.dataStart;
  const n = suffix.length;
  const flags: V2DataLine['flags'] = [];
  let data: Uint8Array;
  if (available < n) {
    flags.push('v2-short-payload');
    data = payload.subarray(suffix.dataStart);
  } else {
    data = payload.subarray(suffix.dataStart, suffix.dataStart + n);
    const extra = available - n;
    // One `\n` follows only when the data does not end in one; accept 0 or 1 either way.
    if (extra > 1 || (extra === 1 && payload[payload.length - 1] !== LF)) flags.push('v2-trailing-bytes');
  }
  const [, y, mo, d, h, mi, s, ms] = prefix;
  const commLatin1 = suffix.commEnd <= head.length ? head.slice(commStart, suffix.commEnd) : undefined;
  return {
    kind: 'data',
    timeText: `${y}-${mo}-${d} ${h}:${mi}:${s}.${ms}`,
    timeMs: timeTextToMs(y!, mo!, d!, h!, mi!, s!, ms!),
    pid,
    tid: Number(prefix[9]),
    // ASCII comms (nearly all) need no second decode.
    comm: commLatin1 !== undefined && ASCII.test(commLatin1) ? commLatin1 : decodeUtf8Lenient(payload.subarray(commStart, suffix.commEnd)),
    fd: suffix.fd,
    direction: suffix.direction,
    declaredLength: n,
    data,
    flags,
  };
}

function parseConnectLine(text: string): V2Text {
  const m = CONNECT_LINE.exec(text);
  if (!m) return { kind: 'malformed', detail: 'v2 connect line without `, TID:<n>, FD:<n>, Tuple: [ip]:port->[ip]:port`' };
  const client = parseEndpoint(m[5]!);
  const server = parseEndpoint(m[6]!);
  if (!client || !server) return { kind: 'malformed', detail: 'v2 connect line with an unreadable tuple' };
  const pid = Number(m[1]);
  const tid = Number(m[3]);
  const fd = Number(m[4]);
  const comm = m[2]!;
  const destroy =
    pid === 0 && tid === 0 && fd === 0 && comm === '' && client.port === 0 && server.port === 0 &&
    isUnspecifiedIp(client.ip) && isUnspecifiedIp(server.ip);
  return { kind: 'connect', pid, tid, comm, fd, tuple: { client, server }, destroy };
}

/** Classifies and parses one v2 text payload; never throws. */
export function parseV2Text(payload: Uint8Array): V2Text {
  // The header line is short: one latin1 decode of its bytes serves every regex.
  const head = decodeLatin1(payload.subarray(0, HEAD_BYTES));
  const prefix = HEADER_PREFIX.exec(head);
  if (prefix) return parseDataLine(payload, head, prefix);
  if (head.startsWith('PID:')) {
    // Connect lines are short; UTF-8 so that a non-ASCII comm survives.
    const text = decodeUtf8Lenient(payload.length > 4096 ? payload.subarray(0, 4096) : payload);
    if (CONNECT_PREFIX.test(text)) return parseConnectLine(text);
  }
  return { kind: 'other' };
}
