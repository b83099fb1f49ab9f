// Property: any re-split of a raw recording's SSL chunks (pieces keep their chunk's timestamp and
// stay ≤ 16384 bytes) gives identical exchanges, compared without times.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { create, toBinary } from '@bufbuild/protobuf';
import { EventSchema, LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import { assembleExchanges } from '../../src/api/assemble-exchanges.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { readRecording } from '../../src/source/read-recording.js';
import type { DataEvent, StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { FIXTURES } from '../support/expected.js';
import { withoutTimes } from '../support/strip-times.js';

const SCENARIOS = ['h1-keepalive-timing', 'h1-chunked', 'h1-gzip-compressed', 'h1-status-204-head-304', 'h2-post', 'h2-spread-flush', 'h2-curl-prior-knowledge'];

async function recordsOf(path: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  for await (const r of readRecording(path)) out.push(r);
  return out;
}

async function exchangesOf(records: StreamRecord[]): Promise<unknown[]> {
  async function* source() {
    yield* records;
  }
  const out: Exchange[] = [];
  for await (const x of assembleExchanges(source())) out.push(x);
  return out.map(withoutTimes);
}

/** The same event as eCapture-raw LogEntry bytes, with another payload. */
function reencode(ev: DataEvent, payload: Uint8Array): Uint8Array {
  const t = ev.tuple;
  const event = create(EventSchema, {
    timestamp: ev.time.clock === 'boot-ns' || ev.time.clock === 'unix-ns' ? ev.time.ns : 0n,
    uuid: ev.rawUuid,
    srcIp: t?.client.ip ?? '',
    srcPort: t?.client.port ?? 0,
    dstIp: t?.server.ip ?? '',
    dstPort: t?.server.port ?? 0,
    pid: BigInt(ev.pid),
    pname: ev.comm,
    type: ev.type,
    length: payload.length,
    payload,
  });
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.EVENT, payload: { case: 'eventPayload', value: event } }));
}

function resplit(records: StreamRecord[], cutsFor: (ev: DataEvent) => number[]): StreamRecord[] {
  const out: StreamRecord[] = [];
  for (const r of records) {
    if (r.kind !== 'event' || r.sub !== 'data') {
      out.push(r);
      continue;
    }
    const cuts = [...new Set(cutsFor(r).filter((c) => c > 0 && c < r.payload.length))].sort((a, b) => a - b);
    let from = 0;
    for (const cut of [...cuts, r.payload.length]) {
      const decoded = decodeLogEntry(reencode(r, r.payload.subarray(from, cut)));
      out.push({ ...decoded, seq: out.length, receivedAt: r.receivedAt } as StreamRecord);
      from = cut;
    }
  }
  return out;
}

for (const scenario of SCENARIOS) {
  test(`${scenario}/stream-raw.ldpb: any re-split of the chunks gives identical exchanges`, async () => {
    const records = await recordsOf(join(FIXTURES, scenario, 'stream-raw.ldpb'));
    const baseline = await exchangesOf(records);
    assert.ok(baseline.length > 0);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 16384 }), { minLength: 1, maxLength: 40 }), async (cuts) => {
        let i = 0;
        const split = resplit(records, (ev) => {
          const picks: number[] = [];
          for (let k = 0; k < 3; k++) picks.push(cuts[i++ % cuts.length]! % Math.max(1, ev.payload.length));
          return picks;
        });
        assert.deepEqual(await exchangesOf(split), baseline);
      }),
      { numRuns: 12 },
    );
  });
}

test('byte-at-a-time split of an HTTP/1 keep-alive recording gives identical exchanges', async () => {
  const records = await recordsOf(join(FIXTURES, 'h1-keepalive-timing', 'stream-raw.ldpb'));
  const baseline = await exchangesOf(records);
  const split = resplit(records, (ev) => Array.from({ length: Math.min(ev.payload.length, 400) }, (_, k) => k + 1));
  assert.deepEqual(await exchangesOf(split), baseline);
});
