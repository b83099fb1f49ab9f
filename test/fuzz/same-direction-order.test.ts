// Fuzz and a pinned case: events of one connection and direction that arrive out of order, or
// twice. The bytes of that direction are then out of order: HTTP/1 bodies and HTTP/2 HPACK state
// go wrong without any sign in the bytes. Only the events' own timestamps tell (protocol reference
// §4.4: raw has per-call ns timestamps "to reorder within a small buffer", v2 only ms). The stream
// layer reorders within a window (src/stream/event-order.ts) and treats later arrivals as gaps.
// Other connections must stay exact regardless.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DataEvent } from '../../src/decode/records.js';
import { asStreamRecords, buildCorpus, corpusChoice, loadFixtureSource, loadFixtureSources, saveSourcesForReplay, type CorpusSource } from '../support/fuzz/corpus.js';
import { compareTouched, compareUntouched, damageFlags, sameContent } from '../support/fuzz/compare-exchanges.js';
import { startHangWatchdog, type HangWatchdog } from '../support/fuzz/hang-watchdog.js';
import { applyMutations, orderMutation } from '../support/fuzz/mutations.js';
import { assertProperty, fuzzRuns, fuzzTimeoutMs, runPipeline } from '../support/fuzz/run-pipeline.js';
import { tapSources } from '../support/fuzz/tap-sources.js';

let sources: CorpusSource[] = [];
let watchdog: HangWatchdog;

before(async () => {
  watchdog = startHangWatchdog(20_000);
  sources = [...loadFixtureSources(), ...(await tapSources())];
});
after(() => watchdog.stop());

function orderProperty(strict: boolean) {
  return fc.asyncProperty(corpusChoice(sources.length, 4), fc.array(orderMutation, { minLength: 1, maxLength: 3 }), async (choice, mutations) => {
    const corpus = buildCorpus(sources, choice, { decideDialects: true });
    watchdog.beat(`order ${JSON.stringify({ choice, mutations })}`);
    const baseline = await runPipeline(asStreamRecords(corpus));
    const mutated = applyMutations(corpus, mutations);
    const run = await runPipeline(asStreamRecords(mutated.records as typeof corpus));
    assert.deepEqual(compareUntouched(baseline.exchanges, run.exchanges, mutated.touched), []);
    if (strict) assert.deepEqual(compareTouched(baseline.exchanges, run.exchanges, mutated.touched), []);
  });
}

test('events out of order or twice within a direction: other connections stay exact', { timeout: fuzzTimeoutMs(60_000) }, async () => {
  await assertProperty(orderProperty(false), { numRuns: fuzzRuns(40) }, () => saveSourcesForReplay(sources));
});

test(
  'events out of order or twice within a direction: every exchange of that connection exact or flagged',
  {
    todo: 'partly beyond reach: a reorder buffer (src/stream/event-order.ts) puts back what arrives within its window, and a later arrival is a gap; but an exchange completed before the late event came was emitted before anything could tell (test/stream/event-order-in-time.test.ts covers the window)',
    timeout: fuzzTimeoutMs(60_000),
  },
  async () => {
    await assertProperty(orderProperty(true), { numRuns: fuzzRuns(30), endOnFailure: true }, () => saveSourcesForReplay(sources));
  },
);

/** h2-spread-flush, v2: the server's events; the 4th and 5th carry the responses of streams 7 and 9. */
function spreadFlushWithSwappedResponses(): { plain: DataEvent[]; swapped: DataEvent[] } {
  const plain = loadFixtureSource('h2-spread-flush', 'stream-v2.ldpb').records.filter((r): r is DataEvent => r.kind === 'event' && r.sub === 'data');
  const reads = plain.flatMap((ev, i) => (ev.direction === 'read' ? [i] : []));
  const [a, b] = [reads.at(-2)!, reads.at(-1)!];
  assert.ok(plain[a]!.time.clock === 'local' && plain[b]!.time.clock === 'local' && plain[a]!.time.ms < plain[b]!.time.ms, 'the events are in time order');
  const swapped = [...plain];
  [swapped[a], swapped[b]] = [plain[b]!, plain[a]!];
  return { plain, swapped };
}

test(
  'HTTP/2: two response events of one direction swapped (their timestamps say so): no header is silently wrong',
  async () => {
    const { plain, swapped } = spreadFlushWithSwappedResponses();
    const baseline = (await runPipeline(asStreamRecords(plain), {})).exchanges;
    const run = (await runPipeline(asStreamRecords(swapped), {})).exchanges;
    for (const x of run) assert.ok(damageFlags(x).length > 0 || baseline.some((b) => sameContent(b, x)), `${x.id} is silently wrong`);
  },
);
