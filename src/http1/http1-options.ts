// Limits and timeouts of the raw/v2 HTTP/1 assembler.

export interface Http1Options {
  /** llhttp's limit on a head (start line and fields); bigger heads are a parse error. */
  maxHeaderSize: number;
  /** Wire bytes kept per body (after de-chunking); sizes and hashes still count the rest. */
  maxBodyBytes: number;
  /** Bytes held per direction while the role is unknown, a response waits for its request, or an upgrade waits for its answer. */
  maxPendingBytes: number;
  /** An exchange with no byte for this long is emitted as it stands (flagged). */
  idleTimeoutMs: number;
  /** Requests queued without a final response; beyond it the oldest is emitted `limit-exceeded`. */
  maxPipelined: number;
  /** Interim (1xx) responses kept per exchange; later ones are counted, flagged `limit-exceeded`. */
  maxInterimResponses: number;
}

export const DEFAULT_HTTP1_OPTIONS: Readonly<Http1Options> = Object.freeze({
  maxHeaderSize: 64 * 1024,
  maxBodyBytes: 16 * 1024 * 1024,
  maxPendingBytes: 1024 * 1024,
  idleTimeoutMs: 30_000,
  maxPipelined: 64,
  maxInterimResponses: 32,
});

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Fills in defaults; non-positive or non-finite values fall back to them. */
export function resolveHttp1Options(options: Partial<Http1Options> = {}): Http1Options {
  const d = DEFAULT_HTTP1_OPTIONS;
  return {
    maxHeaderSize: Math.floor(positive(options.maxHeaderSize, d.maxHeaderSize)),
    maxBodyBytes: Math.floor(positive(options.maxBodyBytes, d.maxBodyBytes)),
    maxPendingBytes: Math.floor(positive(options.maxPendingBytes, d.maxPendingBytes)),
    idleTimeoutMs: positive(options.idleTimeoutMs, d.idleTimeoutMs),
    maxPipelined: Math.floor(positive(options.maxPipelined, d.maxPipelined)),
    maxInterimResponses: Math.floor(positive(options.maxInterimResponses, d.maxInterimResponses)),
  };
}
