// Records in, decoded exchanges out: the stream assembler (sans-IO) plus the async body-decoding
// stage. Ticks (from src/source/with-ticks) drive completion on live sources; recordings advance
// on event time, so output never depends on how fast a file is read.

import type { StreamRecord } from '../decode/records.js';
import type { Exchange } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import { decodeBodySyncFirst, type BodyLimits, type DecodedBodyResult } from '../body/decode-body.js';
import { StreamAssembler, type StreamOptions } from '../stream/stream-assembler.js';
import type { Tick } from '../source/with-ticks.js';

export interface AssembleOptions extends Partial<StreamOptions> {
  bodyLimits?: Partial<BodyLimits>;
  /** Every record the source yields, exchanges aside: run logs, heartbeats, gaps, reconnects. */
  onRecord?: (record: StreamRecord) => void;
  /** How far stream time must move before idle exchanges are checked again (ms). */
  advanceEveryMs?: number;
  /** Handed the sans-IO assembler once made (connect() paces live ticks by `holding`). */
  onStreamAssembler?: (assembler: StreamAssembler) => void;
}

export async function* assembleExchanges(records: AsyncIterable<StreamRecord | Tick>, options: AssembleOptions = {}): AsyncGenerator<Exchange> {
  const ready: Exchange[] = [];
  const assembler = new StreamAssembler(options, (x) => ready.push(x));
  options.onStreamAssembler?.(assembler);
  const advanceEvery = options.advanceEveryMs ?? 250;

  for await (const record of records) {
    if (record.kind === 'tick') {
      assembler.advanceLive(record.wallMs);
    } else {
      options.onRecord?.(record);
      assembler.push(record);
      assembler.advanceIfDue(advanceEvery);
    }
    while (ready.length > 0) yield decodeExchangeNow(ready.shift()!, options.bodyLimits);
  }
  assembler.end();
  while (ready.length > 0) yield decodeExchangeNow(ready.shift()!, options.bodyLimits);
}

const SIDES = ['request', 'response'] as const;

/**
 * Undoes the content codings of both bodies (within the caps); failures become issues, never
 * throws. Synchronous when both bodies decode at once (see decodeBodySyncFirst); the issues are
 * added request first either way.
 */
function decodeExchangeNow(x: Exchange, limits?: Partial<BodyLimits>): Exchange | Promise<Exchange> {
  const results = SIDES.map((side) => (x[side] ? decodeBodySyncFirst(x[side].body, limits) : undefined));
  if (!results.some((r) => r instanceof Promise)) {
    SIDES.forEach((side, i) => applyDecoded(x, side, results[i] as DecodedBodyResult | undefined));
    return x;
  }
  return Promise.all(results).then((settled) => {
    SIDES.forEach((side, i) => applyDecoded(x, side, settled[i]));
    return x;
  });
}

function applyDecoded(x: Exchange, side: 'request' | 'response', result: DecodedBodyResult | undefined): void {
  const part = x[side];
  if (!part || !result) return;
  part.body = result.body;
  for (const issue of result.issues) addIssue(x.issues, { ...issue, side });
}

/** Undo content codings on both bodies (within the caps); failures become issues, never throws. */
export async function decodeExchange(x: Exchange, limits?: Partial<BodyLimits>): Promise<Exchange> {
  return decodeExchangeNow(x, limits);
}
