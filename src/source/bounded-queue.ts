// A bounded FIFO between a socket (which must never wait) and a consumer (which may be slow).
//
// The producer pushes synchronously; when the queue holds `limit` items, further items are dropped
// and counted, and the consumer later receives one "dropped run" item, built by `onDropped`, at the
// place where the loss happened. Items pushed with `force` (connection events, gaps) are never
// dropped and do not count against the limit: losing them would hide the loss itself.
// Memory stays bounded: at most `limit` ordinary items plus one run marker per ordinary item.
// A taken item is released at once (its slot is cleared), so delivered items are never retained.

export interface DroppedRun {
  dropped: number;
  /** Clock value of the first and the last drop of this run. */
  sinceMs: number;
  untilMs: number;
}

export interface BoundedQueueOptions<T> {
  limit: number;
  /** Turns a run of dropped items into the item the consumer sees in their place. */
  onDropped: (run: DroppedRun) => T;
  now?: () => number;
}

export class QueueLimitError extends Error {
  readonly code = 'ECAPTURE_BAD_QUEUE_LIMIT';
  constructor(limit: number) {
    super(`queueLimit must be a positive integer, got ${String(limit)}`);
    this.name = 'QueueLimitError';
  }
}

interface Waiter<T> {
  resolve: (result: IteratorResult<T, undefined>) => void;
  reject: (error: unknown) => void;
}

/** `counted`: the item occupies one of the `limit` places (it was not forced). */
type Slot<T> = { item: T; counted: boolean } | { run: DroppedRun };

type QueueState = 'open' | 'ending' | 'failed' | 'closed';

export class BoundedQueue<T> {
  /** Slots before #head were taken and are cleared to undefined; the array is compacted now and then. */
  #slots: Array<Slot<T> | undefined> = [];
  #head = 0;
  /** Ordinary (not forced, not run) items currently held. */
  #held = 0;
  #waiters: Waiter<T>[] = [];
  #state: QueueState = 'open';
  #error: unknown;
  #droppedTotal = 0;
  readonly #limit: number;
  readonly #onDropped: (run: DroppedRun) => T;
  readonly #now: () => number;

  constructor(options: BoundedQueueOptions<T>) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new QueueLimitError(options.limit);
    this.#limit = options.limit;
    this.#onDropped = options.onDropped;
    this.#now = options.now ?? Date.now;
  }

  /** Items dropped since the queue was created. */
  get droppedTotal(): number {
    return this.#droppedTotal;
  }

  get size(): number {
    return this.#slots.length - this.#head;
  }

  /** True when an ordinary push would be dropped now. */
  get full(): boolean {
    return this.#held >= this.#limit;
  }

  /**
   * Adds an item. Returns false when it was dropped (queue full) or the queue no longer accepts
   * items. `force` items bypass the limit.
   */
  push(item: T, options?: { force?: boolean }): boolean {
    if (this.#state !== 'open') return false;
    const force = options?.force === true;
    if (this.#waiters.length > 0) {
      this.#waiters.shift()!.resolve({ value: item, done: false });
      return true;
    }
    if (!force && this.#held >= this.#limit) {
      this.#recordDrop();
      return false;
    }
    this.#slots.push({ item, counted: !force });
    if (!force) this.#held++;
    return true;
  }

  /** No more items: the consumer drains what is queued, then sees the end. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#settleWaitersAtEnd();
  }

  /** Like end(), but after draining the consumer receives `error`. */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#error = error;
    this.#settleWaitersAtEnd();
  }

  /** Ends now: queued items are discarded, pending and later shift() calls see the end. */
  close(): void {
    this.#state = 'closed';
    this.#slots = [];
    this.#head = 0;
    this.#held = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
  }

  /** The next item, waiting for one if the queue is empty and still open. */
  shift(): Promise<IteratorResult<T, undefined>> {
    const slot = this.#take();
    if (slot !== undefined) {
      const value = 'item' in slot ? slot.item : this.#onDropped(slot.run);
      return Promise.resolve({ value, done: false });
    }
    if (this.#state === 'open') {
      return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
    }
    if (this.#state === 'failed') {
      // Deliver the error once; afterwards the queue is simply finished.
      const error = this.#error;
      this.#state = 'closed';
      return Promise.reject(error);
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  #take(): Slot<T> | undefined {
    if (this.#head >= this.#slots.length) return undefined;
    const slot = this.#slots[this.#head]!;
    // Drop the queue's reference now: the consumer may hold on to the item, the queue must not.
    this.#slots[this.#head] = undefined;
    this.#head++;
    if ('item' in slot && slot.counted) this.#held--;
    // Compact now and then so the array does not grow without bound.
    if (this.#head > 1024 && this.#head * 2 > this.#slots.length) {
      this.#slots = this.#slots.slice(this.#head);
      this.#head = 0;
    }
    return slot;
  }

  #recordDrop(): void {
    const now = this.#now();
    this.#droppedTotal++;
    const last = this.#slots.length > this.#head ? this.#slots[this.#slots.length - 1] : undefined;
    if (last !== undefined && 'run' in last) {
      last.run.dropped++;
      last.run.untilMs = now;
      return;
    }
    this.#slots.push({ run: { dropped: 1, sinceMs: now, untilMs: now } });
  }

  #settleWaitersAtEnd(): void {
    if (this.size > 0 || this.#waiters.length === 0) return;
    const waiters = this.#waiters.splice(0);
    if (this.#state === 'failed') {
      const error = this.#error;
      this.#state = 'closed';
      // Only the first waiter gets the error; any others see the end.
      waiters.shift()?.reject(error);
    }
    for (const waiter of waiters) waiter.resolve({ value: undefined, done: true });
  }
}
