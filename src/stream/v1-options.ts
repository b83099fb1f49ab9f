// Options of the eCapture v1 connection assembler.

export interface V1Options {
  /**
   * Stream-time ms after its last event before a pending half is emitted, flagged. v1 holds a
   * window until its uuid idles ~1.2 s and a closed socket ~3 s more, so anything shorter than
   * ~5 s emits halves whose other side is still on its way.
   */
  idleTimeoutMs: number;
  /** Body bytes kept per side (sizes and hashes still count every byte). */
  maxBodyBytes: number;
  /** Events of an HTTP/2 connection held while no direction is known to be the client's. */
  maxUnplacedEvents: number;
  /** Exchanges (HTTP/1 pairs, HTTP/2 streams) open per connection; beyond it the oldest is emitted, flagged `limit-exceeded`. */
  maxPendingExchanges: number;
  /** Interim (1xx) responses kept per HTTP/2 stream; later ones are counted, flagged `limit-exceeded`. */
  maxInterimResponses: number;
  /** Trailer fields kept per HTTP/2 stream side; later ones are counted, flagged `limit-exceeded`. */
  maxTrailerFields: number;
}

export const DEFAULT_V1_OPTIONS: Readonly<V1Options> = Object.freeze({
  idleTimeoutMs: 5_000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxUnplacedEvents: 64,
  maxPendingExchanges: 1000,
  maxInterimResponses: 32,
  maxTrailerFields: 1000,
});

export function resolveV1Options(options: Partial<V1Options> | undefined): V1Options {
  const pick = (value: number | undefined, fallback: number): number =>
    value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  return {
    idleTimeoutMs: pick(options?.idleTimeoutMs, DEFAULT_V1_OPTIONS.idleTimeoutMs),
    maxBodyBytes: pick(options?.maxBodyBytes, DEFAULT_V1_OPTIONS.maxBodyBytes),
    maxUnplacedEvents: Math.max(1, pick(options?.maxUnplacedEvents, DEFAULT_V1_OPTIONS.maxUnplacedEvents)),
    maxPendingExchanges: Math.max(1, Math.floor(pick(options?.maxPendingExchanges, DEFAULT_V1_OPTIONS.maxPendingExchanges))),
    maxInterimResponses: Math.floor(pick(options?.maxInterimResponses, DEFAULT_V1_OPTIONS.maxInterimResponses)),
    maxTrailerFields: Math.floor(pick(options?.maxTrailerFields, DEFAULT_V1_OPTIONS.maxTrailerFields)),
  };
}
