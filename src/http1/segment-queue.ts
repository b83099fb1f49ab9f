// Bytes held back from the parser (role unknown, resync search, a response waiting for its
// request, an upgrade waiting for its answer), each piece still carrying its event's time and flags.

import type { Instant } from '../model/exchange.js';

/** One pushed piece: a captured SSL call, or the rest of one. */
export interface Segment {
  bytes: Uint8Array;
  at: Instant;
  /** The piece begins where a captured event began (a candidate message start). */
  eventStart: boolean;
  /** The event was exactly 16384 bytes: eCapture may have cut it (§5 row 6). */
  possiblyTruncated: boolean;
}

export class SegmentQueue {
  #segments: Segment[] = [];
  #size = 0;
  #joined: Uint8Array | undefined;

  get size(): number {
    return this.#size;
  }

  get isEmpty(): boolean {
    return this.#size === 0;
  }

  /** The `at.ms` of the newest piece, or undefined when empty. */
  get lastMs(): number | undefined {
    return this.#segments.at(-1)?.at.ms;
  }

  push(segment: Segment): void {
    if (segment.bytes.length === 0) return;
    this.#segments.push(segment);
    this.#size += segment.bytes.length;
    this.#joined = undefined;
  }

  /** All held bytes as one array (cached until the queue changes). */
  joined(): Uint8Array {
    if (this.#joined) return this.#joined;
    if (this.#segments.length === 1) return (this.#joined = this.#segments[0]!.bytes);
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const s of this.#segments) {
      out.set(s.bytes, at);
      at += s.bytes.length;
    }
    return (this.#joined = out);
  }

  /** Offsets (in `joined()`) where an event began. */
  eventStarts(): number[] {
    const out: number[] = [];
    let at = 0;
    for (const s of this.#segments) {
      if (s.eventStart) out.push(at);
      at += s.bytes.length;
    }
    return out;
  }

  /** Drops the first `count` bytes; a cut piece keeps its time but is no longer an event start. */
  dropFront(count: number): number {
    let left = Math.min(Math.max(0, Math.floor(count)), this.#size);
    const dropped = left;
    while (left > 0) {
      const first = this.#segments[0]!;
      if (first.bytes.length <= left) {
        this.#segments.shift();
        left -= first.bytes.length;
      } else {
        this.#segments[0] = { ...first, bytes: first.bytes.subarray(left), eventStart: false };
        left = 0;
      }
    }
    this.#size -= dropped;
    if (dropped > 0) this.#joined = undefined;
    return dropped;
  }

  /** Empties the queue and returns its pieces in order. */
  take(): Segment[] {
    const out = this.#segments;
    this.#segments = [];
    this.#size = 0;
    this.#joined = undefined;
    return out;
  }
}
