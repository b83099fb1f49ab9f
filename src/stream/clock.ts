// Turns an event's own clock into an Instant (protocol reference §3.3).
// Boot-relative clocks need a wall-clock anchor: the nearest heartbeat `timestamp` or run-log `time`
// seen before the first event, else the arrival time on a live source, else none (flagged).
// The offset is fixed once chosen, so every Instant of a source stays on one clock and idle
// timeouts never jump.

import type { EventTime } from '../decode/records.js';
import type { Instant } from '../model/exchange.js';

export interface ClockOptions {
  /** True for live sources: arrival time is a usable anchor. */
  live: boolean;
  /** v2 prints eCapture's local time without a zone; minutes east of UTC. Default: this host's zone. */
  v2UtcOffsetMinutes?: number;
}

export class SourceClock {
  #live: boolean;
  #v2OffsetMs: number;
  #v2OffsetAssumed: boolean;
  /** Latest wall-clock hint (heartbeat / run-log time) with the arrival time it came with. */
  #hint: { wallMs: number; receivedAt: number } | undefined;
  /** Fixed boot→wall offset once the first boot-relative event was seen; null = unanchored. */
  #bootOffsetMs: number | null | undefined;

  constructor(options: ClockOptions) {
    this.#live = options.live;
    this.#v2OffsetAssumed = options.v2UtcOffsetMinutes === undefined;
    const minutes = options.v2UtcOffsetMinutes ?? -new Date().getTimezoneOffset();
    this.#v2OffsetMs = minutes * 60_000;
  }

  /** A heartbeat (Unix seconds) or run-log time (Unix ms) seen on the source. */
  hint(wallMs: number, receivedAt: number): void {
    if (Number.isFinite(wallMs) && wallMs > 0) this.#hint = { wallMs, receivedAt };
  }

  get v2OffsetAssumed(): boolean {
    return this.#v2OffsetAssumed;
  }

  /** Whether boot-relative times of this source could be anchored (undefined until the first one). */
  get bootAnchored(): boolean | undefined {
    return this.#bootOffsetMs === undefined ? undefined : this.#bootOffsetMs !== null;
  }

  instant(time: EventTime, receivedAt: number): Instant {
    switch (time.clock) {
      case 'unix-ns':
        return { ms: nsToMs(time.ns), anchored: true, approximate: false };
      case 'local':
        return { ms: time.ms - this.#v2OffsetMs, anchored: true, approximate: this.#v2OffsetAssumed };
      case 'boot-ns': {
        const bootMs = nsToMs(time.ns);
        if (this.#bootOffsetMs === undefined) this.#bootOffsetMs = this.#chooseBootOffset(bootMs, receivedAt);
        if (this.#bootOffsetMs === null) return { ms: bootMs, anchored: false, approximate: true };
        return { ms: bootMs + this.#bootOffsetMs, anchored: true, approximate: true };
      }
      case 'none':
        return this.#live
          ? { ms: receivedAt, anchored: true, approximate: true }
          : { ms: receivedAt, anchored: false, approximate: true };
    }
  }

  #chooseBootOffset(bootMs: number, receivedAt: number): number | null {
    // Live, the hint was stamped when its message was sent: move it forward by the arrival gap
    // between the hint and this event. A recording is read at any speed, so there the hint alone
    // anchors (the output must not depend on when the file is read).
    if (this.#hint) return this.#hint.wallMs + (this.#live ? Math.max(0, receivedAt - this.#hint.receivedAt) : 0) - bootMs;
    if (this.#live) return receivedAt - bootMs;
    return null;
  }
}

function nsToMs(ns: bigint): number {
  // Split to keep sub-ms precision without overflowing a double's integer range.
  const whole = ns / 1_000_000n;
  const rest = ns % 1_000_000n;
  return Number(whole) + Number(rest) / 1e6;
}
