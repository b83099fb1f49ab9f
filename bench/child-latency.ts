// Child process: latency of the live path. Connects to a replay server that paces the recording
// in real time and, for every exchange, takes the time from the arrival of its response's last
// event to the moment the exchange is yielded. That event is found by its instant: the child keeps
// a SourceClock fed exactly as the pipeline's (same records, same arrival times), so an event's
// instant here equals the `response.end` the pipeline gives the exchange. This includes any time
// the event spent in the reorder buffer (src/stream/event-order.ts) before it was released.
// Two clocks:
//   arrival → yield: the event's `receivedAt` (Date.now() when its WebSocket message arrived,
//                    1 ms resolution) to Date.now()-based wall time at the yield;
//   pickup → yield:  performance.now() when the pipeline took the last record before the yield
//                    (the one that released or completed the exchange) to the yield (µs): the
//                    pipeline's own work (assemble, body decode), without queueing or holding.
// Prints one JSON line with p50/p99/max of both.

import { connect } from '../src/api/connect.js';
import type { StreamRecord } from '../src/decode/records.js';
import { SourceClock } from '../src/stream/clock.js';
import { peakRssBytes } from './read-proc-status.js';

const [url, label = ''] = process.argv.slice(2);
if (!url) throw new Error('usage: child-latency <ws url> [label]');

const clock = new SourceClock({ live: true });
/** `<pid>:<fd>:<instant ms>` of every data event → when it arrived (the latest, if several share it). */
const arrivals = new Map<string, number>();
let last: { pickedUp: number } | undefined;
const onRecord = (record: StreamRecord): void => {
  if (record.kind === 'heartbeat' && record.timestamp > 0) clock.hint(record.timestamp * 1000, record.receivedAt);
  if (record.kind === 'runLog' && record.timeMs !== undefined) clock.hint(record.timeMs, record.receivedAt);
  if (record.kind !== 'event' || record.sub !== 'data') return;
  const key = `${record.pid}:${record.fd}:${clock.instant(record.time, record.receivedAt).ms}`;
  arrivals.set(key, Math.max(arrivals.get(key) ?? 0, record.receivedAt));
  last = { pickedUp: performance.now() };
};
const wallNow = (): number => performance.timeOrigin + performance.now();

const arrival: number[] = [];
const pickup: number[] = [];
let exchanges = 0;
let withoutEvent = 0;
for await (const x of connect(url, { noReconnect: true, onRecord })) {
  exchanges++;
  void x;
  const end = x.response?.end;
  const receivedAt = end ? arrivals.get(`${x.connection.pid}:${x.connection.fd}:${end.ms}`) : undefined;
  if (!last || receivedAt === undefined) {
    withoutEvent++;
    continue;
  }
  arrival.push(wallNow() - receivedAt);
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
