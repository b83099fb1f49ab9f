// Does a body start with valid HTTP/1 chunked framing (RFC 9112 §7.1)? eCapture v1 prints bodies
// de-chunked under a still-present `Transfer-Encoding: chunked`, raw producers keep the framing
// (protocol reference §2.4 step 5). The body may end anywhere: only what is there is judged.

export type ChunkFraming =
  | 'valid' // framing holds for every byte present (the payload may end mid-chunk)
  | 'invalid' // something that cannot be chunk framing
  | 'undecided'; // the body ends inside the first size line: too little to judge

const CR = 0x0d;
const LF = 0x0a;
/** More hex digits than this cannot be a real chunk size. */
const MAX_SIZE_DIGITS = 12;

/** The value of a hex digit, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

type SizeLine = { end: 'cut' } | { end: 'bad' } | { end: 'ok'; size: number; next: number };

/** `[0-9A-Fa-f]+[ \t]*(;[^\r\n]*)?\r\n` at `at`. */
function readSizeLine(body: Uint8Array, at: number): SizeLine {
  let i = at;
  let size = 0;
  for (let digit = hexValue(body[i] ?? -1); digit >= 0; digit = hexValue(body[i] ?? -1)) {
    if (i - at >= MAX_SIZE_DIGITS) return { end: 'bad' };
    size = size * 16 + digit;
    i++;
  }
  if (i === body.length) return { end: 'cut' };
  if (i === at) return { end: 'bad' };
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09)) i++;
  if (i < body.length && body[i] === 0x3b) {
    while (i < body.length && body[i] !== CR && body[i] !== LF) i++;
  }
  if (i === body.length) return { end: 'cut' };
  if (body[i] !== CR) return { end: 'bad' };
  if (i + 1 === body.length) return { end: 'cut' };
  if (body[i + 1] !== LF) return { end: 'bad' };
  return { end: 'ok', size, next: i + 2 };
}

/** Trailer fields after the last chunk, then the empty line; whatever follows is another message. */
function checkTrailers(body: Uint8Array, at: number): ChunkFraming {
  let i = at;
  while (i < body.length) {
    const lineStart = i;
    while (i < body.length && body[i] !== CR && body[i] !== LF) i++;
    if (i === body.length) return 'valid';
    if (body[i] !== CR) return 'invalid';
    if (i + 1 === body.length) return 'valid';
    if (body[i + 1] !== LF) return 'invalid';
    if (i === lineStart) return 'valid'; // end of the chunked message
    if (body.subarray(lineStart, i).indexOf(0x3a) <= 0) return 'invalid'; // a field needs `name:`
    i += 2;
  }
  return 'valid';
}

export function checkChunkFraming(body: Uint8Array): ChunkFraming {
  let at = 0;
  for (;;) {
    const line = readSizeLine(body, at);
    if (line.end === 'bad') return 'invalid';
    if (line.end === 'cut') return at === 0 ? 'undecided' : 'valid';
    if (line.size === 0) return checkTrailers(body, line.next);
    const dataEnd = line.next + line.size;
    if (dataEnd >= body.length) return 'valid';
    if (body[dataEnd] !== CR) return 'invalid';
    if (dataEnd + 1 === body.length) return 'valid';
    if (body[dataEnd + 1] !== LF) return 'invalid';
    at = dataEnd + 2;
    if (at === body.length) return 'valid';
  }
}
