// Child process (run with --expose-gc): memory held per open connection. Feeds a recording in
// which every connection sent a request and got no response yet into the sans-IO StreamAssembler
// (the heart of the pipeline: connections stay open, nothing completes), then compares V8 heap +
// external memory and RSS after a full GC with the same before. Prints one JSON line.

import { readRecording } from '../src/source/read-recording.js';
import { StreamAssembler } from '../src/stream/stream-assembler.js';
import { peakRssBytes } from './read-proc-status.js';

const [path, label = ''] = process.argv.slice(2);
if (!path) throw new Error('usage: node --expose-gc child-open-connections <recording> [label]');
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');

function settledMemory(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) collect!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

// Warm-up: the same code paths once, on a throw-away assembler, so JIT code and lazily built
// tables are not counted as per-connection memory.
{
  const warm = new StreamAssembler({}, () => undefined);
  let n = 0;
  for await (const record of readRecording(path)) {
    warm.push(record);
    if (++n >= 500) break;
  }
  warm.end();
}

const before = settledMemory();
let emitted = 0;
const assembler = new StreamAssembler({}, () => emitted++);
for await (const record of readRecording(path)) assembler.push(record);
const open = assembler.openConnections;
const after = settledMemory();
const emittedWhileOpen = emitted;
assembler.end();
process.stdout.write(
  JSON.stringify({
    label,
    open,
    emittedWhileOpen,
    emittedAtEnd: emitted - emittedWhileOpen,
    heapPerConnection: (after.heap - before.heap) / Math.max(1, open),
    rssPerConnection: (after.rss - before.rss) / Math.max(1, open),
    heapGrowth: after.heap - before.heap,
    rssGrowth: after.rss - before.rss,
    peakRss: peakRssBytes(),
  }) + '\n',
);
