// Child process: latency of the live path. Connects to a replay server that paces the recording
// in real time and, for every exchange, takes the time from the arrival of its response's last
// event to the moment the exchange is yielded. The pipeline pushes each record and yields what
// that record completed before taking the next one, so the completing event is the last record
// `onRecord` saw before the yield. Two clocks:
//   arrival → yield: the record's `receivedAt` (Date.now() when the WebSocket message arrived,
//                    1 ms resolution) to Date.now()-based wall time at the yield;
//   pickup → yield:  performance.now() when the pipeline took the record to the yield (µs): the
//                    pipeline's own work (assemble, body decode), without queueing.
// Prints one JSON line with p50/p99/max of both.

import { connect } from '../src/api/connect.js';
import type { StreamRecord } from '../src/decode/records.js';
import { peakRssBytes } from './read-proc-status.js';

const [url, label = ''] = process.argv.slice(2);
if (!url) throw new Error('usage: child-latency <ws url> [label]');

let last: { receivedAt: number; pickedUp: number } | undefined;
const onRecord = (record: StreamRecord): void => {
  if (record.kind === 'event' && record.sub === 'data') last = { receivedAt: record.receivedAt, pickedUp: performance.now() };
};
const wallNow = (): number => performance.timeOrigin + performance.now();

const arrival: number[] = [];
const pickup: number[] = [];
let exchanges = 0;
let withoutEvent = 0;
for await (const x of connect(url, { noReconnect: true, onRecord })) {
  exchanges++;
  void x;
  if (!last) {
    withoutEvent++;
    continue;
  }
  arrival.push(wallNow() - last.receivedAt);
  pickup.push(performance.now() - last.pickedUp);
}

function summary(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

process.stdout.write(
  JSON.stringify({ label, exchanges, withoutEvent, arrivalMs: summary(arrival), pickupMs: summary(pickup), peakRss: peakRssBytes() }) + '\n',
);
