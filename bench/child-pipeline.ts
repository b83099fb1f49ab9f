// Child process: the full pipeline (file → decode → assemble → body decode → exchanges) over one
// recording, or over a replay server's WebSocket (`--url`). Prints one JSON line: exchanges,
// elapsed ms, exchanges with issues that say something was lost, and this process's peak RSS.
// Run by run.ts as plain JavaScript (see transpile.ts) so RSS is not the tsx loader's.

import { read } from '../src/api/connect.js';
import { peakRssBytes } from './read-proc-status.js';

const [source, label = ''] = process.argv.slice(2);
if (!source) throw new Error('usage: child-pipeline <recording path | ws:// url> [label]');

const LOSS = new Set(['parse-error', 'resync', 'response-missing', 'request-missing', 'body-truncated', 'headers-lost', 'body-undecodable']);

const started = performance.now();
const cpuStart = process.cpuUsage();
let exchanges = 0;
let http2 = 0;
let lossy = 0;
const lossCodes = new Map<string, number>();
for await (const x of read(source)) {
  exchanges++;
  if (x.protocol === 'HTTP/2') http2++;
  let lost = false;
  for (const issue of x.issues) {
    if (!LOSS.has(issue.code)) continue;
    lost = true;
    lossCodes.set(issue.code, (lossCodes.get(issue.code) ?? 0) + 1);
  }
  if (lost) lossy++;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  JSON.stringify({ label, exchanges, http2, lossy, lossCodes: Object.fromEntries(lossCodes), ms, cpuMs, peakRss: peakRssBytes() }) + '\n',
);
