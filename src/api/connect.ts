// The library's front door: `for await (const x of connect('ws://127.0.0.1:28257/'))`.

import type { StreamRecord } from '../decode/records.js';
import type { Exchange } from '../model/exchange.js';
import { openSource, type SourceOptions } from '../source/open-source.js';
import { withTicks } from '../source/with-ticks.js';
import { assembleExchanges, type AssembleOptions } from './assemble-exchanges.js';
import { DEFAULT_STREAM_OPTIONS } from '../stream/stream-assembler.js';

export interface ConnectOptions extends AssembleOptions, SourceOptions {
  /** How often a live source checks for idle exchanges when no message arrives (ms). */
  tickMs?: number;
}

export function isLiveSpec(spec: string): boolean {
  return /^wss?:\/\//i.test(spec);
}

/**
 * Exchanges from a `ws://` URL (eCapture's `--ecaptureq`), a recording path, or any iterable of
 * records. Reconnects by default; `noReconnect` ends when the server closes; `signal` stops.
 */
export function connect(source: string | AsyncIterable<StreamRecord>, options: ConnectOptions = {}): AsyncIterable<Exchange> {
  const live = typeof source === 'string' ? isLiveSpec(source) : (options.live ?? false);
  const records = typeof source === 'string' ? openSource(source, options) : source;
  const tickMs = options.tickMs ?? 500;
  // While events are held for reordering, tick within the reorder window so they are not kept
  // waiting for the next message.
  let holding = (): boolean => false;
  const reorderTickMs = Math.max(1, Math.min(tickMs, options.reorderWindowMs ?? DEFAULT_STREAM_OPTIONS.reorderWindowMs));
  const ticked = live ? withTicks(records, () => (holding() ? reorderTickMs : tickMs)) : records;
  return assembleExchanges(ticked, {
    ...options,
    live,
    onStreamAssembler: (assembler) => {
      holding = () => assembler.holding;
    },
  });
}

/** Like `connect`, but a URL source ends when the server closes instead of reconnecting. */
export function read(source: string | AsyncIterable<StreamRecord>, options: ConnectOptions = {}): AsyncIterable<Exchange> {
  return connect(source, { noReconnect: true, ...options });
}
