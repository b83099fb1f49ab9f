// Generation numbers per connection key (pid, fd): the k-th connection seen on a key is generation
// k, so connection ids stay unique when an fd is reused. Remembering every key ever seen would
// grow with the input (each short-lived process brings new pids), so the ledger keeps at most
// `capacity` keys, forgetting the least recently used half at once when full; a key it forgot
// (or never saw) continues above the highest generation ever forgotten. Ids stay unique either
// way, and until the first forgetting they are exactly 1, 2, 3 … per key.

export const DEFAULT_LEDGER_CAPACITY = 65_536;

export class GenerationLedger {
  readonly #capacity: number;
  /** Insertion order = recency: a key is moved to the end each time it gets a generation. */
  #last = new Map<string, number>();
  /** Highest generation of any forgotten key; unknown keys start above it. */
  #floor = 0;

  constructor(capacity = DEFAULT_LEDGER_CAPACITY) {
    this.#capacity = Math.max(2, Math.floor(capacity));
  }

  /** The next generation for `key`; `inUse(key)` keys are never forgotten while open. */
  next(key: string, inUse: (key: string) => boolean): number {
    const previous = this.#last.get(key);
    const generation = (previous ?? this.#floor) + 1;
    this.#last.delete(key);
    this.#last.set(key, generation);
    if (this.#last.size > this.#capacity) this.#forget(key, inUse);
    return generation;
  }

  get size(): number {
    return this.#last.size;
  }

  /** Drops the least recently used keys down to half the capacity, never `current` or one in use. */
  #forget(current: string, inUse: (key: string) => boolean): void {
    const target = this.#capacity >> 1;
    for (const [key, generation] of this.#last) {
      if (this.#last.size <= target) break;
      if (key === current || inUse(key)) continue;
      this.#last.delete(key);
      if (generation > this.#floor) this.#floor = generation;
    }
  }
}
