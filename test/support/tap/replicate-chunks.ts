// Benchmark workloads: a fixture's chunks.jsonl repeated N times as if N more clients had done
// the same thing, each copy on its own client address, pids and time slot. Lazy: messages are
// rendered one at a time, so N can be large.

import { fixtureCalls } from './read-fixture-chunks.js';
import type { FixtureCallOptions, FixtureChunk } from './read-fixture-chunks.js';
import type { CapturedCall, EventDialect, ProcessIdentity, Tuple } from './types.js';
import { renderCall } from './write-events.js';

export interface ReplicateOptions extends FixtureCallOptions {
  dialect: EventDialect;
  /** Pause between one copy's last call and the next copy's first, ns. Default 1 ms. */
  gapNs?: bigint;
  /** First pid/tid of the copies; ids are remapped to firstPid, firstPid + 1, … Default 100000. */
  firstPid?: number;
}

/** Distinct client IPv4 addresses available to copies: 10.x.y.z. */
export const MAX_COPIES = 1 << 24;

/** Copy k's client address: 10.(k>>16).(k>>8).k, each octet mod 256. */
export function copyClientIp(copy: number): string {
  return `10.${(copy >> 16) & 255}.${(copy >> 8) & 255}.${copy & 255}`;
}

/**
 * `copies` repetitions of the fixture's stream in `dialect`: copy k (from 0) moves every client
 * address to copyClientIp(k) (ports kept), maps every pid/tid to a fresh id unique across copies,
 * and shifts time by k × (span + gap). Server addresses, fds, comms and bytes are unchanged.
 */
export function* replicateChunks(chunks: readonly FixtureChunk[], copies: number, options: ReplicateOptions): Generator<Uint8Array> {
  if (!Number.isInteger(copies) || copies < 0 || copies > MAX_COPIES) {
    throw new RangeError(`copies must be an integer in 0..${MAX_COPIES}`);
  }
  const base = fixtureCalls(chunks, options);
  const data = base.filter((c) => c.kind === 'data');
  if (data.length === 0) return;
  const first = data[0]!;
  const last = data[data.length - 1]!;
  let minNs = first.tsNs;
  let maxNs = last.tsNs;
  let minMs = first.localMs;
  let maxMs = last.localMs;
  for (const call of data) {
    if (call.tsNs < minNs) minNs = call.tsNs;
    if (call.tsNs > maxNs) maxNs = call.tsNs;
    minMs = Math.min(minMs, call.localMs);
    maxMs = Math.max(maxMs, call.localMs);
  }
  const gapNs = options.gapNs ?? 1_000_000n;
  const slotNs = maxNs - minNs + gapNs;
  const slotMs = Math.max(maxMs - minMs, Number(maxNs - minNs) / 1e6) + Number(gapNs) / 1e6;

  const ids = [...new Set(base.flatMap((c) => (c.kind === 'destroy' ? [] : [c.who.pid, c.who.tid])))].sort((a, b) => a - b);
  const idIndex = new Map(ids.map((id, i) => [id, i]));
  const firstPid = options.firstPid ?? 100_000;

  for (let copy = 0; copy < copies; copy++) {
    const remapId = (id: number): number => firstPid + copy * ids.length + idIndex.get(id)!;
    const who = (w: ProcessIdentity): ProcessIdentity => ({ ...w, pid: remapId(w.pid), tid: remapId(w.tid) });
    const tuple = (t: Tuple): Tuple => ({ client: { ip: copyClientIp(copy), port: t.client.port }, server: t.server });
    const conn = (key: string): string => `${copy}:${key}`;
    for (const call of base) {
      const moved: CapturedCall =
        call.kind === 'destroy'
          ? { ...call, conn: conn(call.conn) }
          : call.kind === 'connect'
            ? { ...call, conn: conn(call.conn), who: who(call.who), tuple: tuple(call.tuple) }
            : {
                ...call,
                conn: conn(call.conn),
                who: who(call.who),
                tsNs: call.tsNs + BigInt(copy) * slotNs,
                localMs: call.localMs + copy * slotMs,
                ...(call.tuple ? { tuple: tuple(call.tuple) } : {}),
              };
      const message = renderCall(moved, options.dialect);
      if (message) yield message;
    }
  }
}
