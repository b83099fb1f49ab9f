// Live sources need completion even when no record arrives: interleave wall-clock ticks with the
// records. This is the only timer the exchange pipeline uses, and it lives here, in src/source.

import type { StreamRecord } from '../decode/records.js';

export interface Tick {
  kind: 'tick';
  wallMs: number;
}

/**
 * Yields the source's records, and a tick whenever `intervalMs` passes without one. A function is
 * asked before each wait (the pipeline ticks sooner while it holds events for reordering).
 */
export async function* withTicks(source: AsyncIterable<StreamRecord>, intervalMs: number | (() => number)): AsyncGenerator<StreamRecord | Tick> {
  const interval = typeof intervalMs === 'function' ? intervalMs : () => intervalMs;
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<StreamRecord>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      pending ??= iterator.next();
      const tick = new Promise<'tick'>((resolve) => {
        timer = setTimeout(() => resolve('tick'), interval());
      });
      const winner = await Promise.race([pending, tick]);
      clearTimeout(timer);
      if (winner === 'tick') {
        yield { kind: 'tick', wallMs: Date.now() };
        continue;
      }
      pending = undefined;
      if (winner.done) return;
      yield winner.value;
    }
  } finally {
    clearTimeout(timer);
    // An async generator queues return() behind a pending next(): do not wait on it then.
    const closing = iterator.return?.();
    if (pending) closing?.catch(() => {});
    else await closing;
  }
}
