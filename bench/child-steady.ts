// Child process: the full pipeline over the same recording several times in one process, CPU
// time per round. The fastest round is the steady state (JIT warm, heap sized): the figure that
// moves least with machine load, used for before/after comparisons. Prints one JSON line.

import { read } from '../src/api/connect.js';

const [path, roundsText = '3'] = process.argv.slice(2);
if (!path) throw new Error('usage: child-steady <recording> [rounds]');
const rounds = Math.max(1, Math.min(20, Number(roundsText) || 3));

const cpuMs: number[] = [];
let exchanges = 0;
for (let round = 0; round < rounds; round++) {
  const start = process.cpuUsage();
  let n = 0;
  for await (const _x of read(path)) n++;
  const used = process.cpuUsage(start);
  cpuMs.push((used.user + used.system) / 1000);
  exchanges = n;
}
process.stdout.write(JSON.stringify({ exchanges, cpuMs, bestCpuMs: Math.min(...cpuMs) }) + '\n');
