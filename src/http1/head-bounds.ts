// Where a head begins and ends in retained bytes. llhttp reports where a head ends (we pause it
// there) but not where it began; a head never contains an empty line, so its bounds follow from the
// blank lines around it.

const CR = 0x0d;
const LF = 0x0a;

/** The first offset ≥ `at` that is not CR or LF (llhttp skips empty lines before a message). */
export function skipLineBreaks(data: Uint8Array, at: number): number {
  let i = Math.max(0, at);
  while (i < data.length && (data[i] === CR || data[i] === LF)) i++;
  return i;
}

/** Just past the blank line that ends the head starting at `start`; -1 when not (yet) there. */
export function headEndForward(data: Uint8Array, start: number): number {
  let lineStart = start;
  let first = true;
  while (lineStart < data.length) {
    const lf = data.indexOf(LF, lineStart);
    if (lf < 0) return -1;
    const empty = lf === lineStart || (lf === lineStart + 1 && data[lineStart] === CR);
    if (empty && !first) return lf + 1;
    first = false;
    lineStart = lf + 1;
  }
  return -1;
}

/**
 * Where the head that ends at `end` (just past its blank line) begins: just past the blank line
 * before it. Only valid when the bytes before the head end with a blank line (a chunked body's
 * last chunk, a bodiless message's head) or are leading empty lines. -1 when no such line lies at
 * or after `floor`.
 */
export function headStartBackward(data: Uint8Array, end: number, floor: number): number {
  if (end < 2 || data[end - 1] !== LF) return -1;
  // The LF ending the head's last non-empty line.
  let lineEnd = data[end - 2] === LF ? end - 2 : data[end - 2] === CR && data[end - 3] === LF ? end - 3 : -1;
  if (lineEnd < floor) return -1;
  for (;;) {
    const prev = data.lastIndexOf(LF, lineEnd - 1);
    if (prev < floor) return -1;
    const blank = data[prev - 1] === LF || (data[prev - 1] === CR && data[prev - 2] === LF);
    if (prev - 1 >= floor && blank) return prev + 1;
    lineEnd = prev;
  }
}
