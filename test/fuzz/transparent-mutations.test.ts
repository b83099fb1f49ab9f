// Fuzz: what must not change anything. Interleaving connections of every dialect, re-splitting
// raw/v2 data events anywhere, and inserting records that carry no HTTP bytes (heartbeats, run
// logs, undecodable frames, source notices, diagnostics) give exactly the exchanges of the plain
// corpus, ids and order included; nothing throws, nothing hangs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asStreamRecords, buildCorpus, corpusChoice, loadFixtureSources, saveSourcesForReplay, type CorpusSource } from '../support/fuzz/corpus.js';
import { compareExact } from '../support/fuzz/compare-exchanges.js';
import { startHangWatchdog, type HangWatchdog } from '../support/fuzz/hang-watchdog.js';
import { applyMutations, transparentMutation } from '../support/fuzz/mutations.js';
import { assertProperty, fuzzRuns, fuzzTimeoutMs, runPipeline } from '../support/fuzz/run-pipeline.js';
import { tapSources } from '../support/fuzz/tap-sources.js';

let sources: CorpusSource[] = [];
let watchdog: HangWatchdog;

before(async () => {
  watchdog = startHangWatchdog(20_000);
  sources = [...loadFixtureSources(), ...(await tapSources())];
});
after(() => watchdog.stop());

test('the corpus is every dialect: v1, v2 and raw fixtures plus tap recordings', () => {
  const dialects = new Set(sources.flatMap((s) => s.records.flatMap((r) => (r.kind === 'event' && r.sub === 'data' ? [r.dialect] : []))));
  assert.deepEqual([...dialects].sort(), ['raw', 'v1', 'v1-or-raw', 'v2']);
  assert.equal(sources.length, 9 * 4 + 8);
});

test('interleaving copies of several recordings: each connection gives the exchanges it gives alone', { timeout: fuzzTimeoutMs(60_000) }, async () => {
  await assertProperty(
    fc.asyncProperty(corpusChoice(sources.length), async (choice) => {
      watchdog.beat(`interleave ${JSON.stringify(choice)}`);
      const together = await runPipeline(asStreamRecords(buildCorpus(sources, choice)));
      // The same copies one after the other (no interleaving at all) are the reference.
      const apart = await runPipeline(asStreamRecords(buildCorpus(sources, { sources: choice.sources, picks: [0] })));
      assert.ok(apart.exchanges.length > 0 || choice.sources.every((s) => sources[s]!.name.includes('upstream')));
      assert.deepEqual(compareExact(apart.exchanges, together.exchanges), []);
    }),
    { numRuns: fuzzRuns(25) },
    () => saveSourcesForReplay(sources),
  );
});

test('re-splits and record noise: every exchange stays exact', { timeout: fuzzTimeoutMs(60_000) }, async () => {
  await assertProperty(
    fc.asyncProperty(corpusChoice(sources.length, 4), fc.array(transparentMutation, { minLength: 1, maxLength: 8 }), async (choice, mutations) => {
      const corpus = buildCorpus(sources, choice);
      watchdog.beat(`transparent ${JSON.stringify({ choice, mutations: mutations.map((m) => m.kind) })}`);
      const baseline = await runPipeline(asStreamRecords(corpus));
      const mutated = applyMutations(corpus, mutations);
      const run = await runPipeline(asStreamRecords(mutated.records as typeof corpus));
      assert.deepEqual(compareExact(baseline.exchanges, run.exchanges), []);
    }),
    { numRuns: fuzzRuns(40) },
    () => saveSourcesForReplay(sources),
  );
});
