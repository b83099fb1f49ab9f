// Stream time: how far a source has got, the clock idle completion runs on. Sans-IO: instants in,
// times out.
//
// Two rules keep one bad event from ending everybody else's exchanges:
// - One time per clock domain. Wall-clock instants (anchored), unanchored boot-relative ones and
//   unanchored arrival times cannot be compared, so a source mixing them (a raw connection with no
//   anchor beside v2 events on wall-clock time) keeps a time for each, and every connection is
//   judged by the time of its own domain.
// - A leap needs a witness. An instant more than MAX_STEP_MS ahead of its domain's time (a flipped
//   bit, a producer's clock glitch) moves it only when a second event also lands that far ahead
//   and within MAX_STEP_MS of the first: a real pause in traffic is followed by more traffic, a lone
//   outlier is not. Until then the outlier's own connection simply looks busy.

import type { EventTime } from '../decode/records.js';
import type { Instant } from '../model/exchange.js';

export type ClockDomain = 'wall' | 'boot' | 'arrival';

/** Larger steps between consecutive instants of one domain need a second event to confirm them. */
export const MAX_STEP_MS = 10 * 60_000;

export function domainOf(time: EventTime, at: Instant): ClockDomain {
  if (at.anchored) return 'wall';
  return time.clock === 'boot-ns' ? 'boot' : 'arrival';
}

interface DomainTime {
  /** Accepted stream time; -Infinity before the domain's first instant. */
  ms: number;
  /** Arrival time of the instant that set `ms` (live sources add the wall time elapsed since). */
  receivedAt: number;
  /** The first instant of a leap not yet confirmed. */
  leap?: number;
}

export class StreamTime {
  readonly #domains = new Map<ClockDomain, DomainTime>();
  /** The domain whose time moved last (for callers that want one number). */
  #latest: ClockDomain | undefined;

  /** An event's instant; returns whether its domain's time moved. */
  observe(domain: ClockDomain, ms: number, receivedAt: number): boolean {
    if (!Number.isFinite(ms)) return false;
    let d = this.#domains.get(domain);
    if (!d) this.#domains.set(domain, (d = { ms: Number.NEGATIVE_INFINITY, receivedAt }));
    if (ms <= d.ms) return false;
    if (Number.isFinite(d.ms) && ms - d.ms > MAX_STEP_MS) {
      const leap = d.leap;
      if (leap === undefined || Math.abs(ms - leap) > MAX_STEP_MS) {
        d.leap = ms; // a first sign (or one inconsistent with the last): wait for a witness
        return false;
      }
      ms = Math.min(ms, leap);
    }
    d.ms = ms;
    d.receivedAt = receivedAt;
    d.leap = undefined;
    this.#latest = domain;
    return true;
  }

  /** The domain's stream time; -Infinity before its first instant. */
  now(domain: ClockDomain): number {
    return this.#domains.get(domain)?.ms ?? Number.NEGATIVE_INFINITY;
  }

  /** Live sources: the domain's time plus the wall time elapsed since it was set. */
  nowLive(domain: ClockDomain, wallNowMs: number): number {
    const d = this.#domains.get(domain);
    if (!d || !Number.isFinite(d.ms)) return Number.NEGATIVE_INFINITY;
    return d.ms + Math.max(0, wallNowMs - d.receivedAt);
  }

  /** The time of the domain that moved last: one number for callers that need one. */
  get latestMs(): number {
    return this.#latest === undefined ? Number.NEGATIVE_INFINITY : this.now(this.#latest);
  }

  get latestDomain(): ClockDomain | undefined {
    return this.#latest;
  }

  domains(): IterableIterator<ClockDomain> {
    return this.#domains.keys();
  }
}
