// The bytes a frame reader holds while it has lost its place: bounded, scanned incrementally for
// a frame start (findFrameStart), with every byte let go counted as skipped.

import { concatBytes, EMPTY_BYTES } from './bytes.js';
import { findFrameStart, type ResyncVia } from './find-frame-start.js';
import type { HeaderRules } from './frame-header.js';
import { FRAME_HEADER_BYTES } from './frame-types.js';

export interface Resync {
  /** The bytes from the frame start on. */
  rest: Uint8Array;
  /** Bytes let go since the place was lost. */
  skipped: number;
  via: ResyncVia;
}

export class LostBytes {
  #bytes: Uint8Array = EMPTY_BYTES;
  #skipped = 0;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get length(): number {
    return this.#bytes.length;
  }

  /** Bytes let go so far. */
  get skipped(): number {
    return this.#skipped;
  }

  /** Starts afresh, `skipped` bytes already lost. */
  reset(skipped = 0): void {
    this.#bytes = EMPTY_BYTES;
    this.#skipped = skipped;
  }

  /** A further discontinuity: held bytes can no longer join what comes next. */
  discard(): void {
    this.reset(this.#skipped + this.#bytes.length);
  }

  /** Adds pushed bytes and looks for a frame start; `eventStart` when they began an event. */
  push(bytes: Uint8Array, eventStart: boolean, rules: HeaderRules): Resync | undefined {
    let buffer = concatBytes(this.#bytes, bytes);
    let chunkStart = this.#bytes.length;
    const over = buffer.length - this.#maxBytes;
    if (over > 0) {
      buffer = buffer.slice(over); // a copy: drop the reference to the bytes let go
      this.#skipped += over;
      chunkStart -= over;
    }
    const found = findFrameStart(buffer, 0, rules, eventStart && chunkStart >= 0 ? chunkStart : undefined);
    if (found.found !== undefined) {
      const resync: Resync = { rest: buffer.subarray(found.found), skipped: this.#skipped + found.found, via: found.via ?? 'frame-chain' };
      this.reset();
      return resync;
    }
    // Positions before the first undecided one can no longer start frames: let their bytes go.
    // The rest is copied: it may be a view into the caller's bytes and is kept until next time.
    const keepFrom = found.undecided ?? Math.max(0, buffer.length - FRAME_HEADER_BYTES + 1);
    this.#skipped += keepFrom;
    this.#bytes = buffer.slice(keepFrom);
    return undefined;
  }
}
