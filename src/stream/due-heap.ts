// A binary min-heap of (due time, item): which held connection is due next, in O(log n) per push
// and pop instead of a scan of every connection holding events. Items whose due time changed
// since they were pushed are left in place and skipped by the caller when popped (lazy deletion).

export interface DueItem<T> {
  dueMs: number;
  item: T;
}

export class DueHeap<T> {
  #heap: DueItem<T>[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(dueMs: number, item: T): void {
    const heap = this.#heap;
    heap.push({ dueMs, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.dueMs <= heap[i]!.dueMs) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** The earliest due time, or undefined when empty. */
  peekDue(): number | undefined {
    return this.#heap[0]?.dueMs;
  }

  pop(): DueItem<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && heap[left]!.dueMs < heap[least]!.dueMs) least = left;
      if (right < heap.length && heap[right]!.dueMs < heap[least]!.dueMs) least = right;
      if (least === i) break;
      [heap[least], heap[i]] = [heap[i]!, heap[least]!];
      i = least;
    }
    return top;
  }
}
