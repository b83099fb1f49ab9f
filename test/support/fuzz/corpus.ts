// The fuzz corpus: record streams of every dialect (the fixture files, plus tap recordings of real
// Node http/http2 traffic), made into distinct connections per copy and interleaved.
//
// Every copy gets its own pids (so its connections never share a key with another copy's) and a
// client address of its own. Event times are put on one clock (unix-ns, every copy starting at
// the same instant): a recording without a heartbeat leaves boot-relative times unanchored, and
// mixing those with v2's wall-clock times in one source makes stream time jump by decades, which
// completes other connections' exchanges for idleness. That cross-talk is a finding of its own
// (test/fuzz/mixed-clocks.test.ts); here it would only hide what the mutations do.

import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { join } from 'node:path';
import { decodeLogEntry } from '../../../src/decode/decode-log-entry.js';
import type { DataEvent, DecodedRecord, EventTime, StreamRecord, Tuple } from '../../../src/decode/records.js';
import { splitDelimited } from '../tap/index.js';
import { FIXTURES } from '../expected.js';

/** One recording as decoded records (no seq / receivedAt yet). */
export interface CorpusSource {
  name: string;
  records: DecodedRecord[];
}

export const FIXTURE_SCENARIOS = [
  'h1-chunked',
  'h1-get-json',
  'h1-gzip-compressed',
  'h1-keepalive-timing',
  'h1-status-204-head-304',
  'h2-curl-prior-knowledge',
  'h2-post',
  'h2-spread-flush',
  'upstream-testdata',
] as const;

export const FIXTURE_FILES = ['stream.ldpb', 'stream-untracked.ldpb', 'stream-v2.ldpb', 'stream-raw.ldpb'] as const;

/** Decodes messages the way a source would, without the file reader. */
export function decodeMessages(name: string, messages: readonly Uint8Array[]): CorpusSource {
  return { name, records: messages.map((m) => decodeLogEntry(m)) };
}

export function loadFixtureSource(scenario: string, file: string): CorpusSource {
  const bytes = readFileSync(join(FIXTURES, scenario, file));
  return decodeMessages(`${scenario}/${file}`, splitDelimited(bytes));
}

export function loadFixtureSources(): CorpusSource[] {
  return FIXTURE_SCENARIOS.flatMap((s) => FIXTURE_FILES.map((f) => loadFixtureSource(s, f)));
}

/** The instant every copy starts at: 2026-11-23T04:09:15Z, the fixtures' own v2 epoch. */
export const CORPUS_EPOCH_MS = Date.UTC(2026, 10, 23, 4, 9, 15);

function timeNs(t: EventTime): bigint | undefined {
  switch (t.clock) {
    case 'unix-ns':
    case 'boot-ns':
      return t.ns;
    case 'local':
      return BigInt(Math.round(t.ms * 1000)) * 1000n;
    case 'none':
      return undefined;
  }
}

/** Offset so that copy `k`'s pids and client addresses are its own. */
export function copyPid(pid: number, copy: number): number {
  return pid + 1_000_000 * (copy + 1);
}

function copyTuple(t: Tuple | undefined, copy: number): Tuple | undefined {
  if (!t) return undefined;
  return { client: { ip: `10.${(copy >> 8) & 255}.${copy & 255}.1`, port: t.client.port }, server: { ...t.server } };
}

function copyUuid(raw: string, pid: number, newPid: number): string {
  // tracked `<pid>_…`, untracked `sock:<pid>_…`
  const prefix = `${pid}_`;
  if (raw.startsWith(prefix)) return `${newPid}_${raw.slice(prefix.length)}`;
  if (raw.startsWith(`sock:${prefix}`)) return `sock:${newPid}_${raw.slice(5 + prefix.length)}`;
  return raw;
}

/**
 * Copy `k` of a source: distinct pids and client addresses, times moved onto one unix-ns clock
 * starting at CORPUS_EPOCH_MS (relative spacing kept). Non-event records are kept as they are.
 */
export function copySource(source: CorpusSource, copy: number): DecodedRecord[] {
  let first: bigint | undefined;
  for (const r of source.records) {
    if (r.kind === 'event' && r.sub === 'data') {
      const ns = timeNs(r.time);
      if (ns !== undefined && (first === undefined || ns < first)) first = ns;
    }
  }
  const base = BigInt(CORPUS_EPOCH_MS) * 1_000_000n;
  return source.records.map((r): DecodedRecord => {
    if (r.kind !== 'event') return r;
    if (r.sub === 'connect') {
      if (r.destroy) return r;
      return { ...r, pid: copyPid(r.pid, copy), tuple: copyTuple(r.tuple, copy)! };
    }
    if (r.sub === 'diagnostic') return r.pid === undefined ? r : { ...r, pid: copyPid(r.pid, copy) };
    const pid = copyPid(r.pid, copy);
    const ns = timeNs(r.time);
    const time: EventTime = ns === undefined || first === undefined ? r.time : { clock: 'unix-ns', ns: base + (ns - first) };
    const ev: DataEvent = { ...r, pid, time, rawUuid: copyUuid(r.rawUuid, r.pid, pid), uuid: { ...r.uuid, ...(r.uuid.pid === undefined ? {} : { pid }) } };
    const tuple = copyTuple(r.tuple, copy);
    if (tuple) ev.tuple = tuple;
    if (ev.uuid.tuple) ev.uuid.tuple = copyTuple(ev.uuid.tuple, copy)!;
    return ev;
  });
}

/**
 * Merges lists keeping each list's own order; `picks` chooses which list gives the next record
 * (cycled; each pick is taken modulo the lists still non-empty).
 */
export function interleave<T>(lists: readonly (readonly T[])[], picks: readonly number[]): T[] {
  const cursors = lists.map(() => 0);
  const out: T[] = [];
  let live = lists.map((_, i) => i).filter((i) => lists[i]!.length > 0);
  for (let step = 0; live.length > 0; step++) {
    const pick = picks.length === 0 ? 0 : picks[step % picks.length]!;
    const i = live[pick % live.length]!;
    out.push(lists[i]![cursors[i]!++]!);
    if (cursors[i] === lists[i]!.length) live = live.filter((j) => j !== i);
  }
  return out;
}

/** Numbers records as a source would. */
export function asStreamRecords(records: readonly DecodedRecord[]): StreamRecord[] {
  return records.map((r, seq) => ({ ...r, seq, receivedAt: CORPUS_EPOCH_MS }) as StreamRecord);
}

/** The connection a record belongs to, as `<pid>:<fd>` (pids are unique per copy). */
export function recordKey(r: DecodedRecord | StreamRecord): string | undefined {
  if (r.kind !== 'event') return undefined;
  if (r.sub === 'data') return `${r.pid}:${r.fd ?? '?'}`;
  if (r.sub === 'connect' && !r.destroy) return `${r.pid}:${r.fd}`;
  return undefined;
}

export function isDataEvent(r: DecodedRecord | StreamRecord): r is DataEvent & Partial<Pick<StreamRecord, 'seq'>> {
  return r.kind === 'event' && r.sub === 'data';
}



/** Which sources go into one run's corpus (each entry one copy), and how they interleave. */
export interface CorpusChoice {
  sources: number[];
  picks: number[];
}

export function corpusChoice(sourceCount: number, maxSources = 5): fc.Arbitrary<CorpusChoice> {
  return fc.record({
    sources: fc.array(fc.nat({ max: sourceCount - 1 }), { minLength: 1, maxLength: maxSources }),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 64 }),
  });
}

export interface BuildOptions {
  /**
   * Give `v1-or-raw` events the dialect of their file (raw for stream-raw and tap raw, else v1).
   * A connection that shows no decisive event is read the way the source's other connections
   * were, and nothing says so: when damage removes a v1 connection's decisive events in a corpus
   * that also holds raw connections, its renderings are read as raw bytes, unflagged (reported;
   * real sources do not mix v1 and raw). The damage fuzz would find that again and again.
   */
  decideDialects?: boolean;
}

function fileDialect(name: string): 'raw' | 'v1' {
  return /stream-raw|\/raw-/.test(name) ? 'raw' : 'v1';
}

/** The corpus of one run: copy i of `sources[choice.sources[i]]`, interleaved by `choice.picks`. */
export function buildCorpus(sources: readonly CorpusSource[], choice: CorpusChoice, options: BuildOptions = {}): DecodedRecord[] {
  const copies = choice.sources.map((s, copy) => {
    const records = copySource(sources[s]!, copy);
    if (!options.decideDialects) return records;
    const dialect = fileDialect(sources[s]!.name);
    return records.map((r) => (r.kind === 'event' && r.sub === 'data' && r.dialect === 'v1-or-raw' ? { ...r, dialect } : r));
  });
  return interleave(copies, choice.picks);
}

/** Sources as JSON (bytes as hex, bigints as strings): tap traffic differs per run, a failure must replay. */
export function sourcesToJson(sources: readonly CorpusSource[]): string {
  return JSON.stringify(sources, function (this: Record<string, unknown>, key, value: unknown) {
    // Buffers meet the replacer already turned into {type, data} by their toJSON: use the original.
    const original = key === '' ? value : this[key];
    if (original instanceof Uint8Array) return { $hex: Buffer.from(original).toString('hex') };
    if (typeof value === 'bigint') return { $bigint: String(value) };
    return value;
  });
}

export function sourcesFromJson(text: string): CorpusSource[] {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      if ('$hex' in value) return new Uint8Array(Buffer.from(String((value as { $hex: string }).$hex), 'hex'));
      if ('$bigint' in value) return BigInt((value as { $bigint: string }).$bigint);
    }
    return value;
  }) as CorpusSource[];
}

/** Saves the sources for replay-counterexample.ts; returns the line a failure message ends with. */
export function saveSourcesForReplay(sources: readonly CorpusSource[]): string {
  const path = join(tmpdir(), `ecapture-http-fuzz-sources-${process.pid}.json`);
  writeFileSync(path, sourcesToJson(sources));
  return `sources saved: node --import tsx test/support/fuzz/replay-counterexample.ts ${path} '<counterexample>' [--decide-dialects]`;
}
