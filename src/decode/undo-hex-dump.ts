// Reverses Go's `encoding/hex.Dump` (protocol reference §7.1): eCapture v1 renders a binary type-0
// window this way, and `--hex` dumps every rendered payload (a binary type 0 twice). The dump is
// lossless; it is accepted only when every line fits the grammar exactly (offsets, hex column,
// ASCII column agreeing with the bytes), so ordinary text is never mistaken for one.

const LINE_BYTES = 16;
/** Offset (8) + 2 spaces + 16 × 3 + 1 extra space after byte 8 + 1 after byte 16 + `|`. */
const ASCII_COLUMN = 61;
const SPACE = 0x20;
const BAR = 0x7c;
const LF = 0x0a;
const START = [0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, SPACE, SPACE]; // "00000000  "

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10; // Go prints lowercase only
  return -1;
}

function hexDigit(n: number): number {
  return n < 10 ? 0x30 + n : 0x61 + n - 10;
}

function toChar(b: number): number {
  return b >= 0x20 && b <= 0x7e ? b : 0x2e;
}

/** Column of the first hex digit of byte i within a line. */
function byteColumn(i: number): number {
  return 10 + 3 * i + (i >= 8 ? 1 : 0);
}

function offsetMatches(dump: Uint8Array, at: number, offset: number): boolean {
  for (let k = 0; k < 8; k++) {
    const nibble = (offset >>> (28 - 4 * k)) & 0xf;
    if (dump[at + k] !== hexDigit(nibble)) return false;
  }
  return dump[at + 8] === SPACE && dump[at + 9] === SPACE;
}

/** Parses one line starting at `at`; returns its byte count (1–16) or -1. Writes into `out`. */
function readLine(dump: Uint8Array, at: number, out: Uint8Array, outAt: number): number {
  let count = 0;
  for (let i = 0; i < LINE_BYTES; i++) {
    const col = at + byteColumn(i);
    const hi = dump[col] ?? -1;
    const lo = dump[col + 1] ?? -1;
    if (hi === SPACE && lo === SPACE) break; // padding of the last line starts here
    const h = hexValue(hi);
    const l = hexValue(lo);
    if (h < 0 || l < 0 || dump[col + 2] !== SPACE) return -1;
    out[outAt + count++] = (h << 4) | l;
  }
  if (count === 0) return -1;
  // Everything between the last byte and the `|` must be the exact padding: spaces only.
  for (let col = at + byteColumn(count - 1) + 2; col < at + ASCII_COLUMN - 1; col++) {
    if (dump[col] !== SPACE) return -1;
  }
  if (dump[at + ASCII_COLUMN - 1] !== BAR) return -1;
  for (let i = 0; i < count; i++) {
    if (dump[at + ASCII_COLUMN + i] !== toChar(out[outAt + i]!)) return -1;
  }
  if (dump[at + ASCII_COLUMN + count] !== BAR || dump[at + ASCII_COLUMN + count + 1] !== LF) return -1;
  return count;
}

/** True when `bytes` starts like a dump; cheap pre-check before undoHexDump. */
export function startsLikeHexDump(bytes: Uint8Array): boolean {
  if (bytes.length < ASCII_COLUMN + 3) return false;
  for (let i = 0; i < START.length; i++) if (bytes[i] !== START[i]) return false;
  return true;
}

/** The bytes a Go hex.Dump was made of, or undefined when `dump` is not exactly one. */
export function undoHexDump(dump: Uint8Array): Uint8Array | undefined {
  if (!startsLikeHexDump(dump)) return undefined;
  const out = new Uint8Array(Math.ceil(dump.length / (ASCII_COLUMN + 3)) * LINE_BYTES);
  let at = 0;
  let written = 0;
  while (at < dump.length) {
    if (!offsetMatches(dump, at, written >>> 0)) return undefined;
    const count = readLine(dump, at, out, written);
    if (count < 0) return undefined;
    written += count;
    at += ASCII_COLUMN + count + 2;
    if (count < LINE_BYTES && at !== dump.length) return undefined; // only the last line may be short
  }
  return out.subarray(0, written);
}

/** Undoes up to `maxLayers` nested dumps; returns undefined when there was none. */
export function undoHexDumps(bytes: Uint8Array, maxLayers = 2): Uint8Array | undefined {
  let current: Uint8Array | undefined;
  for (let layer = 0; layer < maxLayers; layer++) {
    const next = undoHexDump(current ?? bytes);
    if (!next) break;
    current = next;
  }
  return current;
}
