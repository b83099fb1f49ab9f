// Mutations of a merged record stream, as fast-check arbitraries, and what each one touched.
//
// Three classes, with different promises:
// - transparent: re-splitting raw/v2 data events, inserting records that carry no HTTP bytes
//   (heartbeats, run logs, undecodable frames, source notices): every exchange stays exact;
// - event damage: dropping, duplicating, moving, truncating data events, garbage data events on a
//   connection, gaps, protobuf garbage: untouched connections exact, touched ones exact or flagged;
// - byte flips: the same, except that a flipped byte inside content (a body, a header value) is
//   indistinguishable from real content; see byte-flips.test.ts for what is promised there.

import fc from 'fast-check';
import { create, toBinary } from '@bufbuild/protobuf';
import { EventSchema, LogEntrySchema, LogType } from '../../../src/gen/ecaptureq_pb.js';
import { decodeLogEntry } from '../../../src/decode/decode-log-entry.js';
import type { DataEvent, DecodedRecord, SourceRecord } from '../../../src/decode/records.js';
import { isDataEvent, recordKey } from './corpus.js';

type Rec = DecodedRecord | SourceRecord;

export type Mutation =
  | { kind: 'split'; at: number; cuts: number[] }
  | { kind: 'noise'; at: number; record: Rec }
  | { kind: 'drop'; at: number }
  | { kind: 'duplicate'; at: number; shift: number; sameDirection: boolean }
  | { kind: 'move'; at: number; shift: number; sameDirection: boolean }
  | { kind: 'truncate'; at: number; keepPerMille: number }
  | { kind: 'garbage-data'; at: number; bytes: Uint8Array; direction: 'read' | 'write' }
  | { kind: 'gap'; at: number }
  | { kind: 'lose'; at: number; count: number; keepPerMille: number }
  | { kind: 'protobuf'; at: number; bytes: Uint8Array; targetPid: boolean; flips: number[] }
  | { kind: 'flip'; at: number; offsets: number[]; masks: number[] };

export interface Mutated {
  records: Rec[];
  /** Connection keys (`<pid>:<fd>`) whose records were changed, removed, added or moved. */
  touched: Set<string>;
}

const at = fc.nat({ max: 1_000_000 });

const noiseRecord: fc.Arbitrary<Rec> = fc.oneof(
  fc.record({ kind: fc.constant('heartbeat' as const), timestamp: fc.nat({ max: 2_000_000_000 }), count: fc.integer({ min: 1, max: 1000 }), message: fc.string() }),
  fc.record({ kind: fc.constant('runLog' as const), text: fc.string({ maxLength: 200 }) }),
  fc.record({
    kind: fc.constant('undecodable' as const),
    code: fc.constantFrom('malformed-protobuf', 'text-frame', 'empty-oneof', 'truncated-record' as const),
    byteLength: fc.nat({ max: 1000 }),
    detail: fc.string({ maxLength: 40 }),
  }),
  fc.record({ kind: fc.constant('connected' as const), url: fc.constant('ws://127.0.0.1:1/') }),
  fc.record({ kind: fc.constant('disconnected' as const), url: fc.constant('ws://127.0.0.1:1/'), reason: fc.string({ maxLength: 20 }) }),
  fc.record({
    kind: fc.constant('event' as const),
    sub: fc.constant('diagnostic' as const),
    dialect: fc.constantFrom('v1' as const, 'v2' as const),
    reason: fc.constantFrom('other-probe' as const, 'gotls' as const, 'non-http' as const),
    text: fc.string({ maxLength: 80 }),
  }),
);

/** Mutations that must leave every exchange exactly as it was. */
export const transparentMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('split' as const), at, cuts: fc.array(fc.nat({ max: 70_000 }), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('noise' as const), at, record: noiseRecord }),
);

const garbageBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }),
  fc.constantFrom(
    'GET / HTTP/1.1\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n',
    'HTTP/1.1 100 Continue\r\n\r\n',
    '0\r\n\r\n',
    'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    '\r\n\r\n\r\n',
  ).map((s) => new TextEncoder().encode(s)),
  // plausible HTTP/2 frame headers with random payloads
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat({ max: 255 }), fc.integer({ min: 0, max: 15 }), fc.uint8Array({ maxLength: 64 })).map(([type, flags, stream, payload]) => {
    const out = new Uint8Array(9 + payload.length);
    out[0] = (payload.length >> 16) & 255;
    out[1] = (payload.length >> 8) & 255;
    out[2] = payload.length & 255;
    out[3] = type;
    out[4] = flags;
    out[8] = stream;
    out.set(payload, 9);
    return out;
  }),
);

/**
 * A loss the source reports: up to `count` consecutive data events of connections already under
 * way are lost (the first may keep a prefix of its payload) and a gap record stands where they
 * were, as after a queue overflow.
 */
export const reportedLossMutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('lose' as const),
  at,
  count: fc.integer({ min: 1, max: 4 }),
  keepPerMille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 })),
});

/** Event-granular damage on one connection (or all of them, for a gap), not reported by the source. */
export const damageMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at }),
  fc.record({ kind: fc.constant('move' as const), at, shift: fc.integer({ min: -40, max: 40 }), sameDirection: fc.constant(false) }),
  fc.record({ kind: fc.constant('truncate' as const), at, keepPerMille: fc.integer({ min: 0, max: 999 }) }),
  fc.record({ kind: fc.constant('garbage-data' as const), at, bytes: garbageBytes, direction: fc.constantFrom('read' as const, 'write' as const) }),
  fc.record({ kind: fc.constant('gap' as const), at }),
  fc.record({
    kind: fc.constant('protobuf' as const),
    at,
    bytes: fc.uint8Array({ maxLength: 200 }),
    targetPid: fc.boolean(),
    flips: fc.array(fc.nat(), { maxLength: 4 }),
  }),
);

/**
 * Duplicates, and moves past events of the same connection and direction: the byte stream of a
 * direction is then out of order. Only event timestamps can tell (see same-direction-order.test.ts).
 */
export const orderMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('duplicate' as const), at, shift: fc.integer({ min: 0, max: 40 }), sameDirection: fc.constant(true) }),
  fc.record({ kind: fc.constant('move' as const), at, shift: fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0), sameDirection: fc.constant(true) }),
);

export const flipMutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('flip' as const),
  at,
  offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  masks: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 4 }),
});

function dataIndices(records: readonly Rec[], pick?: (ev: DataEvent) => boolean): number[] {
  const out: number[] = [];
  records.forEach((r, i) => {
    if (isDataEvent(r as DecodedRecord) && (!pick || pick(r as DataEvent))) out.push(i);
  });
  return out;
}

/** raw/v2 data events: v1 events are renderings, whose cut pieces are no longer renderings. */
function splittable(records: readonly Rec[]): number[] {
  return dataIndices(records).filter((i) => {
    const dialect = (records[i] as DataEvent).dialect;
    return dialect === 'raw' || dialect === 'v2';
  });
}

function sameDirection(a: Rec, ev: DataEvent): boolean {
  return isDataEvent(a as DecodedRecord) && recordKey(a as DataEvent) === recordKey(ev) && (a as DataEvent).direction === ev.direction;
}

/**
 * Where to insert `ev` (taken out of `records` at `from`, or a copy of the one before `from`) so
 * that it lands as close to `to` as it can without passing an event of its own connection and
 * direction: the move reorders it against other connections and the other direction only.
 */
function keepDirectionOrder(records: readonly Rec[], from: number, to: number, ev: DataEvent): number {
  let at = clamp(from, records.length);
  const target = clamp(to, records.length);
  while (at < target && !sameDirection(records[at]!, ev)) at++;
  while (at > target && !sameDirection(records[at - 1]!, ev)) at--;
  return at;
}

/** Data events that are not their connection's first. */
function laterEvents(records: readonly Rec[]): number[] {
  const seen = new Set<string>();
  return dataIndices(records).filter((i) => {
    const key = recordKey(records[i] as DataEvent)!;
    const later = seen.has(key);
    seen.add(key);
    return later;
  });
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(max, n));
}

/** A copy of the data event with another payload; the 16 KiB hint stays only on a piece that ends the event. */
function withPayload(ev: DataEvent, payload: Uint8Array, endsEvent: boolean): DataEvent {
  return { ...ev, payload, flags: endsEvent ? [...ev.flags] : ev.flags.filter((f) => f !== 'possibly-truncated') };
}

/**
 * A LogEntry whose event names an existing connection (when `targetPid`), built from random
 * bytes, then flipped at `flips`: protobuf garbage that gets past the first checks.
 */
function protobufGarbage(m: Extract<Mutation, { kind: 'protobuf' }>, victim: DataEvent | undefined): Uint8Array {
  let bytes = m.bytes;
  if (m.targetPid && victim) {
    const payload = m.bytes;
    const event = create(EventSchema, {
      timestamp: victim.time.clock === 'unix-ns' ? victim.time.ns : 1n,
      uuid: victim.rawUuid || `${victim.pid}_${victim.tid ?? victim.pid}_${victim.comm}_${victim.fd ?? 0}_1_0.0.0.0:0-0.0.0.0:0`,
      pid: BigInt(victim.pid),
      pname: victim.comm,
      type: victim.type,
      length: payload.length,
      payload,
    });
    bytes = toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.EVENT, payload: { case: 'eventPayload', value: event } }));
  }
  const out = Uint8Array.from(bytes); // a copy: Buffer#slice would be a view
  for (const f of m.flips) if (out.length > 0) out[f % out.length] ^= 1 << (f % 8);
  return out;
}

/** Applies the mutations in order; indices are taken modulo what they can point at. */
export function applyMutations(input: readonly Rec[], mutations: readonly Mutation[]): Mutated {
  const records = [...input];
  const touched = new Set<string>();
  const touch = (r: Rec | undefined): void => {
    const key = r ? recordKey(r as DecodedRecord) : undefined;
    if (key) touched.add(key);
  };
  for (const m of mutations) {
    if (m.kind === 'noise') {
      records.splice(m.at % (records.length + 1), 0, m.record);
      continue;
    }
    if (m.kind === 'gap') {
      const where = m.at % (records.length + 1);
      for (const r of records.slice(0, where)) touch(r);
      records.splice(where, 0, { kind: 'gap', reason: 'queue-overflow', dropped: 1 });
      continue;
    }
    if (m.kind === 'lose') {
      // Only events of connections already under way: a connection the assembler has not seen yet
      // cannot be told about a loss (when its first events are gone, it starts where they end).
      const victims = laterEvents(records);
      if (victims.length === 0) continue;
      const index = victims[m.at % victims.length]!;
      let count = 0;
      while (count < m.count && victims.includes(index + count)) count++;
      const first = records[index] as DataEvent;
      for (const r of records.slice(0, index + count)) touch(r);
      // Only an SSL call (raw, v2) can arrive cut (the 16 KiB limit); a v1 rendering comes whole or not at all.
      const cuttable = first.dialect === 'raw' || first.dialect === 'v2';
      const kept = cuttable ? Math.floor((first.payload.length * m.keepPerMille) / 1000) : 0;
      const lost: Rec[] = kept > 0 ? [withPayload(first, first.payload.subarray(0, kept), false)] : [];
      lost.push({ kind: 'gap', reason: 'queue-overflow', dropped: count });
      records.splice(index, count, ...lost);
      continue;
    }
    if (m.kind === 'protobuf') {
      const victims = dataIndices(records);
      const victim = victims.length > 0 ? (records[victims[m.at % victims.length]!] as DataEvent) : undefined;
      let decoded = decodeLogEntry(protobufGarbage(m, victim));
      // A flipped timestamp hours ahead moves stream time for every connection at once (a known
      // weakness, test/fuzz/timestamp-far-ahead.test.ts): keep the garbage on its victim's clock.
      if (decoded.kind === 'event' && decoded.sub === 'data' && victim) decoded = { ...decoded, time: victim.time };
      touch(decoded);
      records.splice(m.at % (records.length + 1), 0, decoded);
      continue;
    }
    const candidates = m.kind === 'split' ? splittable(records) : dataIndices(records);
    if (candidates.length === 0) continue;
    const index = candidates[m.at % candidates.length]!;
    const ev = records[index] as DataEvent;
    switch (m.kind) {
      case 'split': {
        const cuts = [...new Set(m.cuts.map((c) => c % Math.max(1, ev.payload.length)).filter((c) => c > 0))].sort((a, b) => a - b);
        const pieces: DataEvent[] = [];
        let from = 0;
        for (const cut of [...cuts, ev.payload.length]) {
          pieces.push(withPayload(ev, ev.payload.subarray(from, cut), cut === ev.payload.length));
          from = cut;
        }
        records.splice(index, 1, ...pieces);
        break;
      }
      case 'drop':
        touch(ev);
        records.splice(index, 1);
        break;
      case 'duplicate':
        touch(ev);
        records.splice(m.sameDirection ? clamp(index + 1 + m.shift, records.length) : keepDirectionOrder(records, index + 1, index + 1 + m.shift, ev), 0, ev);
        break;
      case 'move': {
        touch(ev);
        records.splice(index, 1);
        records.splice(m.sameDirection ? clamp(index + m.shift, records.length) : keepDirectionOrder(records, index, index + m.shift, ev), 0, ev);
        break;
      }
      case 'truncate':
        touch(ev);
        records[index] = withPayload(ev, ev.payload.subarray(0, Math.floor((ev.payload.length * m.keepPerMille) / 1000)), false);
        break;
      case 'garbage-data':
        touch(ev);
        records.splice(index + 1, 0, { ...ev, direction: m.direction, payload: m.bytes, flags: [] });
        break;
      case 'flip': {
        if (ev.payload.length === 0) break;
        touch(ev);
        const payload = Uint8Array.from(ev.payload); // a copy: payloads are often Buffers, whose slice is a view
        m.offsets.forEach((o, i) => {
          payload[o % payload.length] ^= m.masks[i % m.masks.length]!;
        });
        records[index] = withPayload(ev, payload, true);
        break;
      }
    }
  }
  return { records, touched };
}
