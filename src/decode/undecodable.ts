// Constructors for UndecodableRecord, so every producer fills it the same way.

import type { UndecodableCode, UndecodableRecord } from './records.js';
import { printableText, printableTextOfBytes } from './lenient-text.js';

export function undecodable(
  code: UndecodableCode,
  byteLength: number,
  detail: string,
  extra: { offset?: number; text?: string } = {},
): UndecodableRecord {
  const record: UndecodableRecord = { kind: 'undecodable', code, byteLength, detail };
  if (extra.offset !== undefined) record.offset = extra.offset;
  if (extra.text !== undefined) record.text = extra.text;
  return record;
}

/** An undecodable binary frame, keeping its printable text when it looks like text. */
export function undecodableBytes(code: UndecodableCode, bytes: Uint8Array, detail: string): UndecodableRecord {
  const text = printableTextOfBytes(bytes);
  return undecodable(code, bytes.length, detail, text === undefined ? {} : { text });
}

/**
 * A WebSocket text frame: eCapture never sends one (protocol reference §6), so it is counted and
 * its printable text kept as a diagnostic.
 */
export function undecodableTextFrame(text: string): UndecodableRecord {
  const byteLength = Buffer.byteLength(text, 'utf8');
  const kept = printableText(text);
  return undecodable('text-frame', byteLength, 'WebSocket text frame (eCapture sends only binary frames)', kept === undefined ? {} : { text: kept });
}
