// The HPACK dynamic table (RFC 7541 §2.3.2, §4) of one decoder, with what a late or lossy capture
// cannot know made explicit.
//
// Entries are indexed from the newest, so the entries inserted since the last discontinuity sit
// at the same indices as in the peer's encoder. Whatever lies beyond them may be entries we never
// saw: `tailUnknown`. Keeping entries longer than the encoder does is harmless (it never references
// entries it evicted); evicting earlier only turns later references into placeholders. So a lookup
// answers an entry that is right, or 'unknown' / 'absent': never a wrong entry.

/** `name` is undefined when the entry was inserted with an indexed name this table never knew. */
export interface TableEntry {
  name: string | undefined;
  value: string;
  /** Octets counted for eviction (name + value + 32); a lower bound when `name` is unknown. */
  size: number;
}

export type TableLookup = TableEntry | 'unknown' | 'absent';

export const ENTRY_OVERHEAD = 32;

/** The initial SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2). */
export const DEFAULT_TABLE_SIZE = 4096;

export interface DynamicTableOptions {
  /** Hard bound on kept octets, whatever the peer announces. */
  cap: number;
  /** The encoder's maximum size when known (a fresh connection: 4096); undefined after a late attach. */
  maxSize?: number;
}

export class DynamicTable {
  /** Oldest first; the newest entry is last (dynamic index 1). */
  #entries: TableEntry[] = [];
  #first = 0;
  #size = 0;
  #cap: number;
  #maxSize: number | undefined;
  #tailUnknown: boolean;
  /** Entries whose name is unknown (their size is only a lower bound). */
  #partial = 0;

  constructor(options: DynamicTableOptions) {
    this.#cap = Math.max(0, options.cap);
    this.#maxSize = options.maxSize;
    // Unknown size, or one above the cap: the encoder may hold entries we cannot keep.
    this.#tailUnknown = options.maxSize === undefined || options.maxSize > this.#cap;
  }

  get length(): number {
    return this.#entries.length - this.#first;
  }

  /** Octets held. */
  get size(): number {
    return this.#size;
  }

  /** The encoder's announced maximum, when known. */
  get maxSize(): number | undefined {
    return this.#maxSize;
  }

  /** The limit entries are evicted at: the encoder's maximum when known, never above the cap. */
  get limit(): number {
    return Math.min(this.#maxSize ?? this.#cap, this.#cap);
  }

  /** Entries beyond the known ones may exist (late attach, discontinuity, clamped size). */
  get tailUnknown(): boolean {
    return this.#tailUnknown;
  }

  /** The newest-first view, for tests and diagnostics. */
  entries(): TableEntry[] {
    return this.#entries.slice(this.#first).reverse();
  }

  /** Dynamic index `k` (1 = newest). */
  lookup(k: number): TableLookup {
    if (k >= 1 && k <= this.length) return this.#entries[this.#entries.length - k]!;
    return this.#tailUnknown ? 'unknown' : 'absent';
  }

  insert(name: string | undefined, value: string): void {
    const size = (name?.length ?? 0) + value.length + ENTRY_OVERHEAD;
    if (size > this.limit) {
      // RFC 7541 §4.4: an entry larger than the table empties it and is not added.
      this.#clear();
      if (this.#maxSize === undefined || this.#maxSize > this.#cap) this.#tailUnknown = true;
      else this.#tailUnknown = false;
      return;
    }
    this.#entries.push({ name, value, size });
    this.#size += size;
    if (name === undefined) this.#partial++;
    this.#evictTo(this.limit);
    this.#settleTail();
  }

  /** A dynamic table size update from the encoder. Returns true when it was clamped to the cap. */
  resize(maxSize: number): boolean {
    const clamped = maxSize > this.#cap;
    this.#maxSize = maxSize;
    if (maxSize === 0) {
      this.#clear();
      this.#tailUnknown = false; // the encoder's table is empty too
      return false;
    }
    this.#evictTo(this.limit);
    if (clamped) this.#tailUnknown = true;
    this.#settleTail();
    return clamped;
  }

  /** A discontinuity: insertions may have been missed, so no known entry keeps a trustworthy index. */
  markAllUnknown(): void {
    this.#clear();
    this.#tailUnknown = true;
  }

  #clear(): void {
    this.#entries = [];
    this.#first = 0;
    this.#size = 0;
    this.#partial = 0;
  }

  #evictTo(limit: number): void {
    while (this.#size > limit && this.length > 0) {
      const gone = this.#entries[this.#first]!;
      this.#first++;
      this.#size -= gone.size;
      if (gone.name === undefined) this.#partial--;
    }
    // Compact now and then so evicted entries are not kept alive.
    if (this.#first > 64 && this.#first * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#first);
      this.#first = 0;
    }
  }

  /** No unknown entry fits beside the known ones when they fill the encoder's exact maximum. */
  #settleTail(): void {
    if (!this.#tailUnknown || this.#maxSize === undefined || this.#maxSize > this.#cap || this.#partial > 0) return;
    if (this.#size + ENTRY_OVERHEAD > this.#maxSize) this.#tailUnknown = false;
  }
}
