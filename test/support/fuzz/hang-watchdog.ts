// A watchdog for synchronous hangs. A fuzz run that loops forever inside `push` blocks the event
// loop, so no timer of the test itself can fire; a worker thread can. The test marks progress with
// `beat(label)`; when no beat comes for `limitMs`, the worker prints the last label (what was
// running) and kills the process, which fails the test file instead of hanging CI.

import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 4096;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { stamp, label, limitMs } = workerData;
const stamps = new Float64Array(stamp);
const text = new Uint8Array(label);
setInterval(() => {
  if (stamps[1] === 1) process.exit(0);
  const last = stamps[0];
  if (last > 0 && Date.now() - last > limitMs) {
    const end = text.indexOf(0);
    const what = Buffer.from(text.subarray(0, end < 0 ? text.length : end)).toString('utf8');
    process.stderr.write('\\nfuzz watchdog: no progress for ' + (Date.now() - last) + ' ms while running: ' + what + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, Math.max(50, Math.floor(limitMs / 10)));
`;

export interface HangWatchdog {
  /** Progress: `label` says what runs from now on (shown if it hangs). */
  beat(label?: string): void;
  stop(): Promise<void>;
}

export function startHangWatchdog(limitMs: number): HangWatchdog {
  const stamp = new SharedArrayBuffer(16);
  const label = new SharedArrayBuffer(LABEL_BYTES);
  const stamps = new Float64Array(stamp);
  const text = new Uint8Array(label);
  stamps[0] = Date.now();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { stamp, label, limitMs } });
  worker.unref();
  const encoder = new TextEncoder();
  return {
    beat(what) {
      stamps[0] = Date.now();
      if (what !== undefined) {
        text.fill(0);
        text.set(encoder.encode(what).subarray(0, LABEL_BYTES - 1));
      }
    },
    async stop() {
      stamps[1] = 1;
      await worker.terminate();
    },
  };
}
