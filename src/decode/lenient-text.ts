// Text helpers that never reject input: eCapture's `string` fields (uuid, pname, run_log) and its
// text payloads may hold NULs and invalid UTF-8 (protocol reference §3.1).

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const latin1 = new TextDecoder('latin1');

/** UTF-8 with U+FFFD for invalid sequences; a leading BOM is kept as a character. */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  return bytes.length === 0 ? '' : utf8.decode(bytes);
}

/** One character per byte: for matching ASCII grammars on binary data without losing offsets. */
export function decodeLatin1(bytes: Uint8Array): string {
  return bytes.length === 0 ? '' : latin1.decode(bytes);
}

/** Keep at most this many characters of a frame kept only as a diagnostic. */
export const DIAGNOSTIC_TEXT_LIMIT = 4096;

function isPrintableCode(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0x7f && code !== 0xfffd);
}

/**
 * The printable text of a frame, or undefined when it does not look like text (fewer than 90 %
 * printable characters). Control characters become `.`; the result is capped.
 */
export function printableText(text: string): string | undefined {
  if (text.length === 0) return undefined;
  const sample = text.length > DIAGNOSTIC_TEXT_LIMIT ? text.slice(0, DIAGNOSTIC_TEXT_LIMIT) : text;
  let printable = 0;
  let out = '';
  for (const ch of sample) {
    const code = ch.codePointAt(0) ?? 0;
    if (isPrintableCode(code)) {
      printable += ch.length;
      out += ch;
    } else {
      out += '.';
    }
  }
  return printable >= sample.length * 0.9 ? out : undefined;
}

/** printableText of raw bytes, decoded leniently as UTF-8. */
export function printableTextOfBytes(bytes: Uint8Array): string | undefined {
  const head = bytes.length > DIAGNOSTIC_TEXT_LIMIT * 4 ? bytes.subarray(0, DIAGNOSTIC_TEXT_LIMIT * 4) : bytes;
  return printableText(decodeUtf8Lenient(head));
}
