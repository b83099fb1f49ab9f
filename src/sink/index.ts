// Sinks: HAR 1.2 and NDJSON export of exchanges, and the redaction both share.

export * from './har/index.js';
export { exchangeToNdjson, NdjsonWriter, type NdjsonOptions, type NdjsonWriterOptions } from './ndjson.js';
export {
  redactExchange,
  redactExchangeWithReport,
  stripUrlCredentials,
  DEFAULT_REDACTED_HEADERS,
  type RedactOptions,
  type RedactionResult,
} from './redact.js';
export { SinkClosedError, SinkOutputError } from './sink-errors.js';
export { DEFAULT_MAX_BODY_BYTES } from './select-body.js';
