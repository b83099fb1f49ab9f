// Public API of ecapture-http.

export { connect, read, isLiveSpec, type ConnectOptions } from './api/connect.js';
export { assembleExchanges, decodeExchange, type AssembleOptions } from './api/assemble-exchanges.js';
export { StreamAssembler, DEFAULT_STREAM_OPTIONS, type StreamOptions } from './stream/stream-assembler.js';
export { decodeLogEntry, type DecodeOptions } from './decode/decode-log-entry.js';
export { parseUuid } from './decode/parse-uuid.js';
export { openSource, type SourceOptions } from './source/open-source.js';
export { openWebSocket, HandshakeRejectedError, type WebSocketSourceOptions } from './source/websocket.js';
export { readRecording } from './source/read-recording.js';
export { record } from './source/recorder.js';
export { startReplayServer } from './source/replay-server.js';
export { HarWriter, exchangeToHarEntry, type HarOptions } from './sink/har/index.js';
export { NdjsonWriter, exchangeToNdjson } from './sink/ndjson.js';
export { redactExchange, type RedactOptions } from './sink/redact.js';
export type * from './decode/records.js';
export type * from './model/exchange.js';
