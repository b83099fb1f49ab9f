// Spot raw HTTP/2 frames where eCapture v1 promised an HTTP/1 request (§2.1 preface mis-detection):
// when Go's HTTPRequest parser wins the client preface, the type-1 payload is the unread tail of
// the window after Go's 4096-byte read, i.e. binary frames that may start mid-frame.

const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const FRAME_HEADER = 9;
/** Where a chain may begin: the tail can start inside one (≤ 16 KiB + header) frame. */
const MAX_START_SCAN = 16384 + FRAME_HEADER;

/** A frame header that a real peer could have sent (RFC 9113 §6 size and stream rules). */
function plausibleHeader(b: Uint8Array, at: number): number | undefined {
  const length = (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
  const type = b[at + 3]!;
  if (b[at + 5]! & 0x80) return undefined;
  const stream = ((b[at + 5]! & 0x7f) << 24) | (b[at + 6]! << 16) | (b[at + 7]! << 8) | b[at + 8]!;
  switch (type) {
    case 0x0: // DATA
    case 0x1: // HEADERS
      if (stream === 0 || length > 16777215) return undefined;
      break;
    case 0x2: // PRIORITY
      if (stream === 0 || length !== 5) return undefined;
      break;
    case 0x3: // RST_STREAM
      if (stream === 0 || length !== 4) return undefined;
      break;
    case 0x4: // SETTINGS
      if (stream !== 0 || length % 6 !== 0) return undefined;
      break;
    case 0x5: // PUSH_PROMISE (never from a client, but harmless here)
    case 0x9: // CONTINUATION
      if (stream === 0) return undefined;
      break;
    case 0x6: // PING
      if (stream !== 0 || length !== 8) return undefined;
      break;
    case 0x7: // GOAWAY
      if (stream !== 0 || length < 8) return undefined;
      break;
    case 0x8: // WINDOW_UPDATE
      if (length !== 4) return undefined;
      break;
    default:
      return undefined;
  }
  return length;
}

/**
 * How many plausible frames chain from `start` to the payload's end; 0 when the chain breaks.
 * `allowCut`: the last frame may run past the end (only trusted from offset 0).
 */
function chainFrom(b: Uint8Array, start: number, allowCut: boolean): number {
  let at = start;
  let count = 0;
  while (at + FRAME_HEADER <= b.length) {
    const length = plausibleHeader(b, at);
    if (length === undefined) return 0;
    count += 1;
    at += FRAME_HEADER + length;
    if (at === b.length || (allowCut && at > b.length)) return count;
  }
  return 0;
}

/**
 * True when the payload is HTTP/2 framing rather than an HTTP/1 rendering: it starts with the
 * client preface, or a chain of plausible frame headers runs from offset 0 to (or past) its end,
 * or from a later offset exactly to its end with two frames at least (chance matches stay out).
 */
export function looksLikeH2Frames(payload: Uint8Array): boolean {
  if (payload.length >= PREFACE.length && Buffer.from(payload.subarray(0, PREFACE.length)).toString('latin1') === PREFACE) {
    return true;
  }
  if (chainFrom(payload, 0, true) >= 1) return true;
  const lastStart = Math.min(payload.length - 2 * FRAME_HEADER, MAX_START_SCAN);
  for (let start = 1; start <= lastStart; start++) {
    if (chainFrom(payload, start, false) >= 2) return true;
  }
  return false;
}
