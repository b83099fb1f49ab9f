// Runs records through the whole exchange pipeline (assembleExchanges, then both sinks on every
// exchange) under a time bound. A throw from anywhere in it fails the run with what was fed.

import fc from 'fast-check';
import { assembleExchanges, type AssembleOptions } from '../../../src/api/assemble-exchanges.js';
import type { StreamRecord } from '../../../src/decode/records.js';
import type { Exchange } from '../../../src/model/exchange.js';
import { exchangeToHarEntry } from '../../../src/sink/har/index.js';
import { exchangeToNdjson } from '../../../src/sink/ndjson.js';

/** Fuzz runs use long idle timeouts: completion must come from the bytes, not from interleaving. */
export const FUZZ_OPTIONS: AssembleOptions = {
  connectionIdleMs: 3_600_000,
  http1: { idleTimeoutMs: 3_600_000 },
  http2: { idleTimeoutMs: 3_600_000 },
  v1: { idleTimeoutMs: 3_600_000 },
};

export class PipelineTimeoutError extends Error {
  readonly code = 'FUZZ_PIPELINE_TIMEOUT';
  constructor(ms: number, fed: number) {
    super(`the pipeline took more than ${ms} ms (${fed} records fed)`);
    this.name = 'PipelineTimeoutError';
  }
}

export interface PipelineRun {
  exchanges: Exchange[];
  elapsedMs: number;
}

/**
 * All exchanges of `records`. Throws PipelineTimeoutError once `limitMs` has passed (checked
 * between records and exchanges: a slow run is caught here; a synchronous endless loop is the
 * hang watchdog's job).
 */
export async function runPipeline(records: readonly StreamRecord[], options: AssembleOptions = FUZZ_OPTIONS, limitMs = 5000): Promise<PipelineRun> {
  const started = performance.now();
  let fed = 0;
  const check = (): void => {
    if (performance.now() - started > limitMs) throw new PipelineTimeoutError(limitMs, fed);
  };
  async function* source(): AsyncGenerator<StreamRecord> {
    for (const r of records) {
      check();
      fed++;
      yield r;
    }
  }
  const exchanges: Exchange[] = [];
  for await (const x of assembleExchanges(source(), options)) {
    check();
    exchangeToHarEntry(x);
    exchangeToNdjson(x);
    exchanges.push(x);
  }
  check();
  return { exchanges, elapsedMs: performance.now() - started };
}

/** `numRuns` for fast-check: small by default, `ECAPTURE_HTTP_FUZZ_RUNS` for the long opt-in run. */
export function fuzzRuns(defaultRuns: number): number {
  const env = Number(process.env['ECAPTURE_HTTP_FUZZ_RUNS']);
  return Number.isInteger(env) && env > 0 ? env : defaultRuns;
}

/** The opt-in long run lifts the per-test timeout accordingly. */
export function fuzzTimeoutMs(defaultMs: number): number {
  return process.env['ECAPTURE_HTTP_FUZZ_RUNS'] ? Math.max(defaultMs, 3_600_000) : defaultMs;
}

/**
 * fc.assert with the failure spelled out: the property's own error message (not only "Property
 * failed"), the seed and path to replay it, and a short form of the counterexample.
 */
export async function assertProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts>,
  params: fc.Parameters<Ts>,
  /** Called on failure; what it returns (e.g. where the inputs were saved) ends the message. */
  onFailure?: () => string,
): Promise<void> {
  const details = await fc.check(property, params);
  if (!details.failed) return;
  const note = onFailure?.() ?? '';
  const inner = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const example = JSON.stringify(details.counterexample, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $hex: Buffer.from(value).toString('hex') } : typeof value === 'bigint' ? String(value) : value,
  );
  throw new Error(`property failed (seed ${details.seed}, path "${details.counterexamplePath}", after ${details.numRuns} runs)\n${inner}\ncounterexample: ${example?.slice(0, 20_000)}${note ? `\n${note}` : ''}`);
}
