// The reorder buffers of all raw/v2 connections (one EventOrder each), and when to release them:
// whenever stream time reaches the earliest due event of a clock domain, not only at the next
// event of the same connection or at a sweep, so a held response is not kept waiting by traffic
// on other connections. A min-heap per domain finds who is due without visiting every connection
// that holds events (thousands on a busy host). Sans-IO: the stream assembler passes events and
// stream time in.

import { DueHeap } from './due-heap.js';
import { EventOrder, type OrderedPush } from './event-order.js';
import type { ClockDomain } from './stream-time.js';

export interface ReorderOptions {
  reorderWindowMs: number;
  maxReorderEvents: number;
  maxReorderBytes: number;
}

/** What the stage needs of a connection entry. */
export interface Reorderable {
  order?: EventOrder;
  domain?: ClockDomain;
}

export type Deliver<E> = (entry: E, push: OrderedPush, late: boolean) => void;

export class ReorderStage<E extends Reorderable> {
  readonly #options: ReorderOptions;
  readonly #deliver: Deliver<E>;
  /** Per domain, connections by the time their earliest held event is due (stale items skipped). */
  #due = new Map<ClockDomain, DueHeap<E>>();
  /** Every connection holding events, with the due time it was last pushed with (to skip stale heap items). */
  #pushedDue = new Map<E, number>();

  constructor(options: ReorderOptions, deliver: Deliver<E>) {
    this.#options = options;
    this.#deliver = deliver;
  }

  get enabled(): boolean {
    return this.#options.reorderWindowMs > 0;
  }

  /** Some connection holds events: a live source should advance within the window. */
  get holding(): boolean {
    return this.#pushedDue.size > 0;
  }

  /** `unordered`: its timestamp is not one stream time accepted (see EventOrder). */
  push(entry: E, push: OrderedPush, nowMs: number, unordered = false): void {
    const { reorderWindowMs, maxReorderEvents, maxReorderBytes } = this.#options;
    entry.order ??= new EventOrder(reorderWindowMs, maxReorderEvents, maxReorderBytes, (p, late) => this.#deliver(entry, p, late));
    entry.order.push(push, nowMs, unordered);
    this.#note(entry);
  }

  /** Releases what `nowMs` (the entry's domain's stream time) has moved the window past. */
  release(entry: E, nowMs: number): void {
    if (!entry.order || entry.order.size === 0) return; // idle sweeps visit every connection
    entry.order.release(nowMs);
    this.#note(entry);
  }

  /** Everything the entry holds came before what comes next (a gap, its end). */
  flush(entry: E): void {
    if (!entry.order) return;
    entry.order.flush();
    this.#note(entry);
  }

  /** Releases, on every connection, what is due by its domain's time `nowOf(domain)`. */
  releaseDue(nowOf: (domain: ClockDomain) => number): void {
    for (const [domain, heap] of this.#due) {
      const nowMs = nowOf(domain);
      for (let due = heap.peekDue(); due !== undefined && due <= nowMs; due = heap.peekDue()) {
        const { dueMs, item: entry } = heap.pop()!;
        if (this.#pushedDue.get(entry) !== dueMs) continue; // stale: released or re-pushed since
        this.#pushedDue.delete(entry); // popped: #note pushes it again if it still holds events
        this.release(entry, nowMs);
      }
    }
  }

  #note(entry: E): void {
    const next = entry.order?.nextDueMs;
    if (next === undefined) {
      this.#pushedDue.delete(entry);
      return;
    }
    if (this.#pushedDue.get(entry) === next) return;
    const domain = entry.domain ?? 'wall';
    let heap = this.#due.get(domain);
    if (!heap) this.#due.set(domain, (heap = new DueHeap<E>()));
    heap.push(next, entry);
    this.#pushedDue.set(entry, next);
  }
}
