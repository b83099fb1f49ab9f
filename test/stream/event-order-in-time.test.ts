// Events of one connection and direction that arrive swapped (per-CPU reordering, protocol reference
// §4.4) are put back in time order by the stream layer's reorder buffer, within its window, on real
// eCapture streams: the exchanges are exactly those of the stream in order. Outside the window the
// late event is a gap: what it spoils is flagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataEvent, DecodedRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { asStreamRecords, loadFixtureSource } from '../support/fuzz/corpus.js';
import { exact } from '../support/fuzz/compare-exchanges.js';
import { FUZZ_OPTIONS, runPipeline } from '../support/fuzz/run-pipeline.js';

const isData = (r: DecodedRecord): r is DataEvent => r.kind === 'event' && r.sub === 'data';

/** Indexes of two adjacent events of one direction (the second after the first, nothing of that direction between). */
function adjacentPairs(records: DecodedRecord[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const last = new Map<string, number>();
  records.forEach((r, i) => {
    if (!isData(r) || !r.direction) return;
    const key = `${r.pid}:${r.fd}:${r.direction}`;
    const before = last.get(key);
    if (before !== undefined) pairs.push([before, i]);
    last.set(key, i);
  });
  return pairs;
}

function swapped(records: DecodedRecord[], [a, b]: [number, number]): DecodedRecord[] {
  const out = [...records];
  [out[a], out[b]] = [records[b]!, records[a]!];
  return out;
}

async function exchanges(records: DecodedRecord[], reorderWindowMs: number): Promise<Exchange[]> {
  return (await runPipeline(asStreamRecords(records), { ...FUZZ_OPTIONS, reorderWindowMs })).exchanges;
}

const STREAMS: Array<[string, string]> = [
  ['h1-chunked', 'stream-raw.ldpb'],
  ['h1-keepalive-timing', 'stream-raw.ldpb'],
  ['h2-spread-flush', 'stream-v2.ldpb'],
  ['h2-post', 'stream-raw.ldpb'],
  ['h1-gzip-compressed', 'stream-v2.ldpb'],
];

test('every swap of two adjacent events of one direction, within the window: the exchanges of the stream in order', async () => {
  let swaps = 0;
  let differedWithoutReordering = 0;
  for (const [scenario, file] of STREAMS) {
    const records = loadFixtureSource(scenario, file).records;
    const inOrder = (await exchanges(records, 0)).map(exact);
    for (const pair of adjacentPairs(records)) {
      const mixed = swapped(records, pair);
      // A window larger than the whole recording: every swap is within it.
      assert.deepEqual((await exchanges(mixed, 10 * 60_000)).map(exact), inOrder, `${scenario}/${file}: events ${pair.join('↔')}`);
      if (JSON.stringify((await exchanges(mixed, 0)).map(exact)) !== JSON.stringify(inOrder)) differedWithoutReordering++;
      swaps++;
    }
  }
  assert.ok(swaps >= 20, `${swaps} swaps tried`);
  assert.ok(differedWithoutReordering >= swaps / 2, `without the buffer ${differedWithoutReordering} of ${swaps} swaps change the exchanges`);
});

test('an event later than the window is a gap: the exchange it lands in is flagged, never silently wrong', async () => {
  // h1-chunked raw: the response's chunks are 40 ms apart; with a 1 ms window a chunk moved past the
  // next two arrives after the first of them was released: too late to be put back.
  const records = loadFixtureSource('h1-chunked', 'stream-raw.ldpb').records;
  const inOrder = (await exchanges(records, 1)).map(exact);
  const reads = records.flatMap((r, i) => (isData(r) && r.direction === 'read' ? [i] : []));
  assert.ok(reads.length >= 4);
  const moved = records[reads[1]!]!;
  const mixed = records.filter((_, i) => i !== reads[1]);
  mixed.splice(mixed.indexOf(records[reads[3]!]!) + 1, 0, moved);
  const run = await exchanges(mixed, 1);
  assert.ok(run.length > 0);
  for (const x of run) {
    const same = inOrder.some((y) => JSON.stringify(y) === JSON.stringify(exact(x)));
    assert.ok(same || x.issues.some((i) => ['gap', 'parse-error', 'resync', 'body-truncated', 'response-missing', 'request-missing'].includes(i.code)), `${x.id} silently differs`);
  }
});
