// Replays a fuzz counterexample outside the test runner and prints what differs:
//   node --import tsx test/support/fuzz/replay-counterexample.ts <sources.json> '<counterexample JSON>' [--decide-dialects] [--records]
// <sources.json> is the file a failing fuzz test saved (its message says where); the counterexample
// is `[choice, mutations]` as printed (bytes as {"$hex": …}).

import { readFileSync } from 'node:fs';
import { asStreamRecords, buildCorpus, sourcesFromJson, type CorpusChoice } from './corpus.js';
import { compareTouched, compareTouchedConnections, compareUntouched } from './compare-exchanges.js';
import { applyMutations, type Mutation } from './mutations.js';
import { runPipeline } from './run-pipeline.js';
import type { DecodedRecord } from '../../../src/decode/records.js';
import type { Exchange } from '../../../src/model/exchange.js';

const [sourcesPath, example, ...flags] = process.argv.slice(2);
if (!sourcesPath || !example) {
  console.error("usage: replay-counterexample.ts <sources.json> '<counterexample>' [--decide-dialects] [--records]");
  process.exit(2);
}
const sources = sourcesFromJson(readFileSync(sourcesPath, 'utf8'));
const parsed = JSON.parse(example, (_key, value: unknown) =>
  value !== null && typeof value === 'object' && '$hex' in value ? new Uint8Array(Buffer.from(String((value as { $hex: string }).$hex), 'hex')) : value,
) as [CorpusChoice, Mutation[]?];
const [choice, mutations = []] = parsed;
const corpus = buildCorpus(sources, choice, { decideDialects: flags.includes('--decide-dialects') });
const mutated = applyMutations(corpus, mutations);

function line(r: unknown, i: number): string {
  const rec = r as DecodedRecord;
  if (rec.kind !== 'event') return `${i} ${rec.kind}`;
  if (rec.sub !== 'data') return `${i} ${rec.sub} ${'pid' in rec ? rec.pid : ''}`;
  const text = JSON.stringify(Buffer.from(rec.payload.subarray(0, 48)).toString('latin1'));
  return `${i} ${rec.dialect} ${rec.pid}:${rec.fd} ${rec.direction ?? '-'} ${rec.payload.length}B ${text}`;
}
function show(label: string, xs: Exchange[]): void {
  for (const x of xs) console.log(label, x.id, x.request ? `${x.request.method} ${x.request.target}` : '-', x.response?.status ?? '-', x.issues.map((i) => i.code).join(','));
}

if (flags.includes('--records')) {
  console.log(corpus.map(line).join('\n'));
  console.log('--- mutated');
  console.log(mutated.records.map(line).join('\n'));
}
const baseline = await runPipeline(asStreamRecords(corpus));
const run = await runPipeline(asStreamRecords(mutated.records as DecodedRecord[]));
show('baseline', baseline.exchanges);
show('mutated ', run.exchanges);
console.log('touched:', [...mutated.touched].join(' '));
for (const problem of [
  ...compareUntouched(baseline.exchanges, run.exchanges, mutated.touched),
  ...compareTouched(baseline.exchanges, run.exchanges, mutated.touched),
  ...compareTouchedConnections(baseline.exchanges, run.exchanges, mutated.touched),
]) {
  console.log('problem:', problem);
}
