// Per-connection reorder buffer for raw and v2 events (protocol reference §4.4): eCapture reads its
// per-CPU rings in turn, so two SSL calls of one connection can arrive swapped when the thread
// moved between CPUs. Their own timestamps tell (raw: ns, v2: ms). Sans-IO: events and stream time
// in, events out in time order.
//
// - An event is held until stream time has moved `windowMs` past it, then released in (time,
//   arrival) order: a swap within the window is undone.
// - An event older than the last one released in its direction came too late to be put back: it
//   is released with `late`, and the caller treats it as a discontinuity (a gap) so whatever it
//   spoils is flagged, never silently wrong.
// - Equal timestamps keep arrival order (v2 has ms only; one SSL call may reach us in pieces).
// - An event whose timestamp stream time has not accepted (far ahead: a wild clock, see
//   stream-time.ts) is not ordered at all: it goes on at once, in arrival order, and does not
//   become the time later events are judged against.
// - Bounded: past `maxHeld` events or `maxHeldBytes` the oldest are released early.

import type { Direction } from '../decode/records.js';
import type { Instant } from '../model/exchange.js';

export interface OrderedPush {
  direction: Direction;
  bytes: Uint8Array;
  at: Instant;
  /** The event's own nanosecond timestamp, when its clock has one. */
  exactNs?: bigint;
  possiblyTruncated: boolean;
  typeHint: number;
}

export type Release = (push: OrderedPush, late: boolean) => void;

interface Held {
  push: OrderedPush;
  seq: number;
}

interface Released {
  ms: number;
  exactNs?: bigint;
}

export class EventOrder {
  readonly #windowMs: number;
  readonly #maxHeld: number;
  readonly #maxHeldBytes: number;
  readonly #release: Release;
  #held: Held[] = [];
  #heldBytes = 0;
  #seq = 0;
  #last: { read?: Released; write?: Released } = {};

  /** `release` receives the events in order (`late`: older than one already released). */
  constructor(windowMs: number, maxHeld: number, maxHeldBytes: number, release: Release) {
    this.#windowMs = Math.max(0, windowMs);
    this.#maxHeld = Math.max(1, maxHeld);
    this.#maxHeldBytes = Math.max(0, maxHeldBytes);
    this.#release = release;
  }

  get size(): number {
    return this.#held.length;
  }

  /** Stream time at which the oldest held event is due; undefined when nothing is held. */
  get nextDueMs(): number | undefined {
    const first = this.#held[0];
    return first === undefined ? undefined : first.push.at.ms + this.#windowMs;
  }

  push(push: OrderedPush, nowMs: number, unordered = false): void {
    if (unordered) {
      this.flush();
      this.#release(push, false);
      return;
    }
    const last = this.#last[push.direction];
    if (last !== undefined && before(push, last)) {
      // Too late to put back. What arrived before it goes first, as it came.
      this.flush();
      this.#released(push);
      this.#release(push, true);
      return;
    }
    this.#insert({ push, seq: this.#seq++ });
    this.#heldBytes += push.bytes.length;
    while (this.#held.length > this.#maxHeld || (this.#heldBytes > this.#maxHeldBytes && this.#held.length > 0)) this.#releaseFirst();
    this.release(nowMs);
  }

  /** Releases what stream time `nowMs` has moved `windowMs` past. */
  release(nowMs: number): void {
    while (this.#held.length > 0 && this.#held[0]!.push.at.ms + this.#windowMs <= nowMs) this.#releaseFirst();
  }

  /** Releases everything held (a gap, the connection's end). */
  flush(): void {
    while (this.#held.length > 0) this.#releaseFirst();
  }

  #releaseFirst(): void {
    const { push } = this.#held.shift()!;
    this.#heldBytes -= push.bytes.length;
    this.#released(push);
    this.#release(push, false);
  }

  #released(push: OrderedPush): void {
    const entry: Released = { ms: push.at.ms };
    if (push.exactNs !== undefined) entry.exactNs = push.exactNs;
    this.#last[push.direction] = entry;
  }

  /** Sorted by time, then arrival; almost always an append. */
  #insert(held: Held): void {
    let i = this.#held.length;
    while (i > 0 && laterThan(this.#held[i - 1]!, held)) i--;
    if (i === this.#held.length) this.#held.push(held);
    else this.#held.splice(i, 0, held);
  }
}

function before(push: OrderedPush, last: Released): boolean {
  if (push.exactNs !== undefined && last.exactNs !== undefined) return push.exactNs < last.exactNs;
  return push.at.ms < last.ms;
}

/** Held entries keep arrival order (`seq`) among equal times. */
function laterThan(a: Held, b: Held): boolean {
  if (a.push.exactNs !== undefined && b.push.exactNs !== undefined) return a.push.exactNs > b.push.exactNs;
  return a.push.at.ms > b.push.at.ms;
}
