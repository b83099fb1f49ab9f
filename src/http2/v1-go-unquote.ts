// Undo Go's `%q` (strconv.Quote) as eCapture v1 prints HPACK fields: `header field "<name>" = "<value>"`.
// The input is a latin1 view of the payload (one char per byte); the output is the field's bytes,
// again as a latin1 string, so a header value keeps its exact octets whatever their encoding.

/** Where a quoted string ended and what it held, or why it could not be read. */
export type GoUnquoteResult =
  | { ok: true; value: string; end: number }
  | { ok: false; offset: number; reason: string };

const simpleEscapes: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
};

function isHex(text: string): boolean {
  return /^[0-9a-fA-F]+$/.test(text);
}

/** UTF-8 bytes of one code point (Go writes surrogates and out-of-range values as U+FFFD). */
function pushUtf8(out: number[], codePoint: number): void {
  let cp = codePoint;
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

function bytesToLatin1(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.slice(i, i + 8192));
  return out;
}

/**
 * Read one Go double-quoted string starting at `text[start] === '"'`. Raw newlines end the
 * attempt: `%q` never prints one, so a newline means the line is not what it claims to be.
 */
export function unquoteGo(text: string, start: number): GoUnquoteResult {
  if (text[start] !== '"') return { ok: false, offset: start, reason: 'expected an opening quote' };
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { ok: true, value: bytesToLatin1(bytes), end: i + 1 };
    if (c === '\n') return { ok: false, offset: i, reason: 'newline inside a quoted string' };
    if (c !== '\\') {
      bytes.push(text.charCodeAt(i) & 0xff);
      i += 1;
      continue;
    }
    const kind = text[i + 1];
    if (kind === undefined) break;
    const simple = simpleEscapes[kind];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const width = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = text.slice(i + 2, i + 2 + width);
      if (digits.length !== width || !isHex(digits)) {
        return { ok: false, offset: i, reason: `bad \\${kind} escape` };
      }
      const n = Number.parseInt(digits, 16);
      if (kind === 'x') bytes.push(n);
      else pushUtf8(bytes, n);
      i += 2 + width;
      continue;
    }
    // strconv.Quote never writes octal, but Go's Unquote reads it: accept it the same way.
    const octal = text.slice(i + 1, i + 4);
    if (/^[0-3][0-7]{2}$/.test(octal)) {
      bytes.push(Number.parseInt(octal, 8));
      i += 4;
      continue;
    }
    return { ok: false, offset: i, reason: `unknown escape \\${kind}` };
  }
  return { ok: false, offset: text.length, reason: 'unterminated quoted string' };
}
