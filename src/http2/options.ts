// Limits and timeouts of the HTTP/2 assembler (Http2Connection), with their defaults.

export interface Http2Options {
  /** Hard cap on one frame's length; longer means the reader lost step (24-bit lengths: 16 MiB). */
  maxFrameBytes: number;
  /** Bytes held per direction while gathering a header block or a control frame, or while lost. */
  maxPendingBytes: number;
  /** Per header block: sum of name + value + 32 over the fields kept. */
  maxHeaderListBytes: number;
  /** Per header block: fields kept. */
  maxHeaderFields: number;
  /** Bound on each HPACK dynamic table, whatever the peer announces (Chrome announces 65536). */
  hpackTableCap: number;
  /** Body bytes kept per side (sizes and hashes still count every byte). */
  maxBodyBytes: number;
  /** A stream with no frame for this long (event-clock ms) is emitted, flagged. */
  idleTimeoutMs: number;
  /** Open streams per connection; beyond it the oldest is emitted, flagged `limit-exceeded`. */
  maxStreams: number;
  /** Interim (1xx) responses kept per stream; later ones are counted, flagged `limit-exceeded`. */
  maxInterimResponses: number;
}

export const DEFAULT_HTTP2_OPTIONS: Readonly<Http2Options> = Object.freeze({
  maxFrameBytes: 16 * 1024 * 1024,
  maxPendingBytes: 1024 * 1024,
  maxHeaderListBytes: 256 * 1024,
  maxHeaderFields: 1000,
  hpackTableCap: 65536,
  maxBodyBytes: 16 * 1024 * 1024,
  idleTimeoutMs: 60_000,
  maxStreams: 1000,
  maxInterimResponses: 32,
});

/** Defaults for what is missing or not a usable number. */
export function resolveHttp2Options(options: Partial<Http2Options> | undefined): Http2Options {
  const pick = (key: keyof Http2Options, min: number): number => {
    const value = options?.[key];
    return value !== undefined && Number.isFinite(value) && value >= min ? Math.floor(value) : DEFAULT_HTTP2_OPTIONS[key];
  };
  return {
    maxFrameBytes: pick('maxFrameBytes', 1),
    maxPendingBytes: pick('maxPendingBytes', 64),
    maxHeaderListBytes: pick('maxHeaderListBytes', 0),
    maxHeaderFields: pick('maxHeaderFields', 0),
    hpackTableCap: pick('hpackTableCap', 0),
    maxBodyBytes: pick('maxBodyBytes', 0),
    idleTimeoutMs: pick('idleTimeoutMs', 0),
    maxStreams: pick('maxStreams', 1),
    maxInterimResponses: pick('maxInterimResponses', 0),
  };
}
