// The bytes a reader keeps to measure heads: from where the previous message ended (or could have
// ended) up to the current execute call, only while a head is incomplete at the end of a call.
// llhttp tells where a head ends (pause offset) but not where it began: the start is either known
// from the previous message's framing (`Content-Length`, no body) or found as the blank line before
// the head (after a chunked body, which always ends with one).

import { headEndForward, headStartBackward, skipLineBreaks } from './head-bounds.js';

export interface Region {
  bytes: Uint8Array;
  /** Stream offset of `bytes[0]`. */
  abs: number;
}

export interface HeadMeasure {
  headBytes?: number;
  /** Stream offset just past the head, when known. */
  endAbs?: number;
}

const LOOKBEHIND = 4;
const EMPTY = new Uint8Array(0);

export class HeadWindow {
  readonly #cap: number;
  #chunks: Uint8Array[] = [];
  #abs = 0;
  #size = 0;
  #last = new Uint8Array(0);
  #callAbs = 0;
  #piece: Uint8Array = new Uint8Array(0);
  #completedInCall = false;

  constructor(cap: number) {
    this.#cap = Math.max(1024, cap);
  }

  /** A parser (re)starts at stream offset `abs`: nothing before it is known. */
  reset(abs: number): void {
    this.#chunks = [];
    this.#size = 0;
    this.#abs = abs;
    this.#last = new Uint8Array(0);
    this.#callAbs = abs;
  }

  beginCall(abs: number, piece: Uint8Array): void {
    this.#callAbs = abs;
    this.#piece = piece;
    this.#completedInCall = false;
  }

  /** A message ended during this call: older retained bytes are before it and no longer needed. */
  messageCompleted(): void {
    this.#completedInCall = true;
  }

  /** Retained bytes up to `endInPiece` of the current call. */
  region(endInPiece: number): Region {
    const piece = this.#piece.subarray(0, Math.max(0, Math.min(endInPiece, this.#piece.length)));
    const base = this.#completedInCall || this.#size === 0 ? [this.#last] : this.#chunks;
    const baseSize = base.reduce((n, c) => n + c.length, 0);
    const bytes = new Uint8Array(baseSize + piece.length);
    let at = 0;
    for (const c of base) {
      bytes.set(c, at);
      at += c.length;
    }
    bytes.set(piece, at);
    return { bytes, abs: this.#callAbs - baseSize };
  }

  /** After a call that parsed `consumed` bytes; `retain`: a head has begun and not ended. */
  endCall(consumed: number, retain: boolean): void {
    const fed = this.#piece.subarray(0, consumed);
    if (!retain) {
      this.#chunks = [];
      this.#size = 0;
    } else {
      if (this.#completedInCall || this.#size === 0) {
        this.#chunks = this.#last.length > 0 ? [this.#last] : [];
        this.#size = this.#last.length;
        this.#abs = this.#callAbs - this.#last.length;
      }
      if (fed.length > 0) {
        this.#chunks.push(fed.slice());
        this.#size += fed.length;
      }
      this.#trim();
    }
    this.#remember(fed);
    this.#completedInCall = false;
    this.#piece = EMPTY; // the event's bytes must not outlive the call
  }

  #remember(fed: Uint8Array): void {
    if (fed.length >= LOOKBEHIND) {
      this.#last = fed.slice(fed.length - LOOKBEHIND);
      return;
    }
    const joined = new Uint8Array(this.#last.length + fed.length);
    joined.set(this.#last);
    joined.set(fed, this.#last.length);
    this.#last = joined.slice(Math.max(0, joined.length - LOOKBEHIND));
  }

  #trim(): void {
    while (this.#size > this.#cap && this.#chunks.length > 0) {
      const first = this.#chunks[0]!;
      const excess = this.#size - this.#cap;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
        this.#abs += first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#size -= excess;
        this.#abs += excess;
      }
    }
  }
}

/**
 * Head size given the region that ends exactly at the head's end (a pause). `knownStart`: stream
 * offset where the message was known to begin (leading empty lines allowed), if any.
 */
export function measurePausedHead(region: Region, knownStart: number | undefined): HeadMeasure {
  const endAbs = region.abs + region.bytes.length;
  if (knownStart !== undefined && knownStart >= region.abs && knownStart < endAbs) {
    const start = skipLineBreaks(region.bytes, knownStart - region.abs);
    if (start < region.bytes.length) return { headBytes: region.bytes.length - start, endAbs };
  }
  const start = headStartBackward(region.bytes, region.bytes.length, 0);
  return start >= 0 ? { headBytes: region.bytes.length - start, endAbs } : { endAbs };
}

/** Head size when only its start is known and its end lies somewhere in the region. */
export function measureHeadFromStart(region: Region, knownStart: number | undefined): HeadMeasure {
  if (knownStart === undefined || knownStart < region.abs) return {};
  const start = skipLineBreaks(region.bytes, knownStart - region.abs);
  const end = headEndForward(region.bytes, start);
  return end > start ? { headBytes: end - start, endAbs: region.abs + end } : {};
}
