// Found while building the fuzz corpus: one recording holding events on two clocks. A raw
// connection whose boot-relative times have no anchor (no heartbeat or run log before its first
// event) and a v2 connection on wall-clock time: stream time is the latest instant of either, so
// when the v2 events come, the raw connection's times lie decades behind and it is completed as
// idle mid-exchange (its first event, still undecided between v1 and raw, is even read as v1).
// The fuzz corpus puts every copy on one clock for that reason (test/support/fuzz/corpus.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedRecord } from '../../src/decode/records.js';
import { asStreamRecords, loadFixtureSource } from '../support/fuzz/corpus.js';
import { exact } from '../support/fuzz/compare-exchanges.js';
import { runPipeline } from '../support/fuzz/run-pipeline.js';

/** h1-keepalive-timing raw (boot ns, unanchored) and h1-get-json v2 (local time), pids kept apart. */
function sources(): { raw: DecodedRecord[]; v2: DecodedRecord[] } {
  const raw = loadFixtureSource('h1-keepalive-timing', 'stream-raw.ldpb').records;
  const v2 = loadFixtureSource('h1-get-json', 'stream-v2.ldpb').records.map((r) => (r.kind === 'event' && 'pid' in r && r.pid !== undefined && r.pid !== 0 ? { ...r, pid: r.pid + 1 } : r));
  return { raw, v2 };
}

test('control: the v2 connection first, then the raw one: both as they are alone', async () => {
  const { raw, v2 } = sources();
  const rawAlone = (await runPipeline(asStreamRecords(raw), {})).exchanges.map(exact);
  const both = (await runPipeline(asStreamRecords([...v2, ...raw]), {})).exchanges;
  assert.deepEqual(both.filter((x) => x.dialect === 'raw').map(exact), rawAlone);
});

test(
  'a raw connection under way when v2 events arrive keeps its exchanges',
  async () => {
    const { raw, v2 } = sources();
    const rawAlone = (await runPipeline(asStreamRecords(raw), {})).exchanges.map(exact);
    const first = raw.findIndex((r) => r.kind === 'event' && r.sub === 'data');
    const mixed = [...raw.slice(0, first + 1), ...v2, ...raw.slice(first + 1)];
    const both = (await runPipeline(asStreamRecords(mixed), {})).exchanges;
    assert.deepEqual(both.filter((x) => x.connection.pid === 9221).map(exact), rawAlone);
  },
);
