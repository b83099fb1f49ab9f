// A decoded record as one JSON object for `events`: bytes become base64 plus a printable preview,
// bigints become strings, so every line is plain JSON.

import type { StreamRecord } from '../decode/records.js';

const PREVIEW_BYTES = 160;

export function recordToJson(record: StreamRecord): Record<string, unknown> {
  return JSON.parse(JSON.stringify(record, replacer)) as Record<string, unknown>;
}

function replacer(key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) {
    return { length: value.length, preview: preview(value), base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  return value;
}

/** Printable ASCII as is, CR/LF/TAB escaped, everything else as `.` */
export function preview(bytes: Uint8Array, max = PREVIEW_BYTES): string {
  let out = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) {
    const b = bytes[i]!;
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return bytes.length > max ? out + '…' : out;
}
