// The decode entry point: one WebSocket message / recording entry in, one typed record out.
// Dispatch is on the LogEntry oneof, never on log_type (protocol reference §1, §6).

import type { DecodedRecord, HeartbeatRecord, UndecodableRecord } from './records.js';
import type { DecodeOptions } from './decode-options.js';
import { decodeEvent } from './decode-event.js';
import { decodeRunLog } from './decode-run-log.js';
import { decodeUtf8Lenient, printableText } from './lenient-text.js';
import { readLogEntry, type WireHeartbeat } from './read-log-entry.js';
import { undecodable, undecodableBytes } from './undecodable.js';

export type { DecodeOptions } from './decode-options.js';
export { undecodableTextFrame } from './undecodable.js';

const OPEN_BRACE = 0x7b;

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** eCapture v1.4.0–v1.4.2 sent `{"log_type":N,"payload":…}` JSON (§6); a LogEntry never starts with `{`. */
function decodeJsonFrame(bytes: Uint8Array): UndecodableRecord | undefined {
  let i = 0;
  while (i < bytes.length && isJsonWhitespace(bytes[i]!)) i++;
  if (bytes[i] !== OPEN_BRACE) return undefined;
  const text = decodeUtf8Lenient(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('log_type' in value)) return undefined;
  const kept = printableText(text);
  return undecodable('json-v1.4', bytes.length, 'JSON LogEntry of eCapture v1.4.0–v1.4.2 (unsupported version)', kept === undefined ? {} : { text: kept });
}

function heartbeatRecord(heartbeat: WireHeartbeat): HeartbeatRecord {
  return { kind: 'heartbeat', timestamp: Number(heartbeat.timestamp), count: Number(heartbeat.count), message: heartbeat.message };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decodes one LogEntry frame. Never throws: bad input becomes an `undecodable` record. */
export function decodeLogEntry(bytes: Uint8Array, options: DecodeOptions = {}): DecodedRecord {
  const json = decodeJsonFrame(bytes);
  if (json) return json;
  let entry;
  try {
    entry = readLogEntry(bytes);
  } catch (error) {
    return undecodableBytes('malformed-protobuf', bytes, `not a LogEntry: ${errorMessage(error)}`);
  }
  try {
    switch (entry.payload.case) {
      case 'event':
        return decodeEvent(entry.payload.value, options);
      case 'heartbeat':
        return heartbeatRecord(entry.payload.value);
      case 'runLog':
        return decodeRunLog(entry.payload.value);
      case undefined:
        return undecodableBytes('empty-oneof', bytes, `LogEntry without event, heartbeat or run_log (log_type ${entry.logType})`);
    }
  } catch (error) {
    // A decoder bug must not take the stream down; surface it like a bad frame.
    return undecodableBytes('malformed-protobuf', bytes, `decoder error: ${errorMessage(error)}`);
  }
}
