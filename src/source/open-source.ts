// One entry point for every source: a ws:// or wss:// URL is a live eCapture, anything else is the
// path of a recording (.ldpb).

import type { DecodeOptions } from '../decode/decode-options.js';
import type { StreamRecord } from '../decode/records.js';
import { readRecording } from './read-recording.js';
import { openWebSocket } from './websocket.js';
import type { WebSocketSourceOptions } from './websocket.js';

export interface SourceOptions extends WebSocketSourceOptions {
  /** Live sources: end when the server closes instead of reconnecting (same as reconnect: false). */
  noReconnect?: boolean;
  /** Recordings: largest entry accepted; default: maxPayload when set, else the reader's own default. */
  maxMessageBytes?: number;
  signal?: AbortSignal;
  decode?: DecodeOptions;
}

export function isWebSocketSpec(spec: string): boolean {
  return /^wss?:\/\//i.test(spec);
}

export function openSource(spec: string, options: SourceOptions = {}): AsyncIterable<StreamRecord> {
  if (isWebSocketSpec(spec)) {
    const { noReconnect, maxMessageBytes: _unused, ...webSocketOptions } = options;
    return openWebSocket(spec, noReconnect === true ? { ...webSocketOptions, reconnect: false } : webSocketOptions);
  }
  const maxMessageBytes = options.maxMessageBytes ?? options.maxPayload;
  return readRecording(spec, {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.decode === undefined ? {} : { decode: options.decode }),
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
  });
}
