// openWebSocket: an eCaptureQ WebSocket as a stream of records. The connection itself (reconnect,
// backoff, watchdog, bounded queue, run-log de-duplication) lives in websocket-messages.ts, shared
// with the recorder; this layer numbers the records and drops the raw bytes.

import type { StreamRecord } from '../decode/records.js';
import { openWebSocketMessages } from './websocket-messages.js';
import type { WebSocketItem, WebSocketSourceOptions } from './websocket-messages.js';

export type { WebSocketSourceOptions } from './websocket-messages.js';
export { HandshakeRejectedError, WebSocketConnectError, WebSocketOptionsError } from './websocket-errors.js';

/**
 * Records from an eCaptureQ WebSocket, `seq` counting from 0 over the whole source (reconnects
 * included). Connecting starts when iteration starts. See websocket-messages.ts for which source
 * records appear when; errors thrown from the iterator: HandshakeRejectedError (HTTP status on
 * upgrade, never retried), WebSocketConnectError (no connection with reconnect off, or
 * `maxAttempts` exhausted), WebSocketOptionsError (bad URL or option). An abort ends it quietly.
 */
export async function* openWebSocket(url: string, options: WebSocketSourceOptions = {}): AsyncGenerator<StreamRecord, void, undefined> {
  let seq = 0;
  for await (const item of openWebSocketMessages(url, options)) {
    yield toStreamRecord(item, seq++);
  }
}

/** The item's record, numbered; the decoded record object is fresh, so it is extended in place. */
export function toStreamRecord(item: WebSocketItem, seq: number): StreamRecord {
  return Object.assign(item.record, { seq, receivedAt: item.receivedAt });
}
