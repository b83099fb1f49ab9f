// Output of one decoding layer, kept up to a cap. Chunks are kept in a list and joined once.

import { concatChunks } from './concat-chunks.js';

export class CappedOutput {
  readonly #cap: number;
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  #dropped = false;

  constructor(cap: number) {
    this.#cap = cap;
  }

  /** Keeps what fits under the cap; returns false once a byte had to be dropped. */
  add(chunk: Uint8Array): boolean {
    if (this.#dropped) return false;
    const room = this.#cap - this.#size;
    if (chunk.length > room) {
      if (room > 0) this.#keep(chunk.subarray(0, room));
      this.#dropped = true;
      return false;
    }
    if (chunk.length > 0) this.#keep(chunk);
    return true;
  }

  get dropped(): boolean {
    return this.#dropped;
  }

  get size(): number {
    return this.#size;
  }

  /** A plain Uint8Array that owns its memory (a small view would pin a decoder's whole buffer). */
  bytes(): Uint8Array {
    const joined = concatChunks(this.#chunks, this.#size);
    const owned = joined.byteOffset === 0 && joined.byteLength === joined.buffer.byteLength;
    return owned && joined.constructor === Uint8Array ? joined : new Uint8Array(joined);
  }

  #keep(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }
}
