// Fuzz: flipped bytes, at two levels. In payloads (a data event's bytes, any dialect): a flipped
// byte inside content (a body, a header value) is indistinguishable from real content, so what
// is promised is robustness and isolation: nothing throws, the run ends in time, every other
// connection gives exactly the baseline's exchanges. In whole LogEntry messages (the bytes a
// WebSocket delivers, fed through decodeLogEntry): decoding never throws, and whatever record
// comes out goes through the pipeline and both sinks without throwing.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import type { StreamRecord } from '../../src/decode/records.js';
import { asStreamRecords, buildCorpus, corpusChoice, FIXTURE_FILES, FIXTURE_SCENARIOS, loadFixtureSources, saveSourcesForReplay, type CorpusSource } from '../support/fuzz/corpus.js';
import { compareUntouched } from '../support/fuzz/compare-exchanges.js';
import { startHangWatchdog, type HangWatchdog } from '../support/fuzz/hang-watchdog.js';
import { applyMutations, flipMutation } from '../support/fuzz/mutations.js';
import { assertProperty, fuzzRuns, fuzzTimeoutMs, runPipeline } from '../support/fuzz/run-pipeline.js';
import { tapSources } from '../support/fuzz/tap-sources.js';
import { FIXTURES } from '../support/expected.js';
import { splitDelimited } from '../support/tap/index.js';

let sources: CorpusSource[] = [];
let messages: Uint8Array[] = [];
let watchdog: HangWatchdog;

before(async () => {
  watchdog = startHangWatchdog(20_000);
  sources = [...loadFixtureSources(), ...(await tapSources())];
  messages = FIXTURE_SCENARIOS.flatMap((s) => [...FIXTURE_FILES, 'ws-capture.ldpb'].flatMap((f) => {
    try {
      return splitDelimited(readFileSync(join(FIXTURES, s, f)));
    } catch {
      return []; // upstream-testdata has no ws-capture.ldpb
    }
  }));
});
after(() => watchdog.stop());

test('flipped payload bytes: nothing throws, every other connection stays exact', { timeout: fuzzTimeoutMs(60_000) }, async () => {
  await assertProperty(
    fc.asyncProperty(corpusChoice(sources.length, 4), fc.array(flipMutation, { minLength: 1, maxLength: 6 }), async (choice, mutations) => {
      const corpus = buildCorpus(sources, choice);
      watchdog.beat(`flips ${JSON.stringify({ choice, mutations })}`);
      const baseline = await runPipeline(asStreamRecords(corpus));
      const mutated = applyMutations(corpus, mutations);
      const run = await runPipeline(asStreamRecords(mutated.records as typeof corpus));
      assert.deepEqual(compareUntouched(baseline.exchanges, run.exchanges, mutated.touched), []);
    }),
    { numRuns: fuzzRuns(60) },
    () => saveSourcesForReplay(sources),
  );
});

test('flipped, cut and spliced LogEntry messages: decodeLogEntry never throws, the pipeline takes what it gives', { timeout: fuzzTimeoutMs(60_000) }, async () => {
  const entry = fc.record({
    index: fc.nat(),
    flips: fc.array(fc.record({ at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }), { maxLength: 8 }),
    cutPerMille: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    tail: fc.uint8Array({ maxLength: 16 }),
  });
  await assertProperty(
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 30 }), async (entries) => {
      watchdog.beat(`LogEntry flips ${entries.length}`);
      const records: StreamRecord[] = entries.map((e, seq) => {
        const original = messages[e.index % messages.length]!;
        let bytes: Uint8Array = Uint8Array.from(original);
        for (const f of e.flips) if (bytes.length > 0) bytes[f.at % bytes.length] ^= f.mask;
        if (e.cutPerMille !== undefined) bytes = bytes.subarray(0, Math.floor((bytes.length * e.cutPerMille) / 1000));
        bytes = Buffer.concat([bytes, e.tail]);
        const decoded = decodeLogEntry(bytes); // a throw here fails the property
        return { ...decoded, seq, receivedAt: 0 } as StreamRecord;
      });
      await runPipeline(records, {});
    }),
    { numRuns: fuzzRuns(100) },
  );
});
