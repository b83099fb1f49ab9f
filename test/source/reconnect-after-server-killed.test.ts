import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { DEFAULT_RUN_LOGS, numberedEventEntry, startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { eventNumbers, isEventNumber, readUntil } from './support/helpers.js';

const fastReconnect = { initialDelayMs: 20, maxDelayMs: 60 };
const isHeartbeat0 = (r: StreamRecord): boolean => r.kind === 'heartbeat' && r.count === 0;

test('server killed mid-stream: disconnected, gap, reconnected; run logs once; only the events sent', { timeout: 15_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const stop = new AbortController();
  const iterator = openWebSocket(server.url, { reconnect: fastReconnect, signal: stop.signal })[Symbol.asyncIterator]();
  const records: StreamRecord[] = [];
  try {
    await readUntil(iterator, records, isHeartbeat0);
    for (let n = 0; n < 5; n++) assert.equal(server.broadcast(numberedEventEntry(n)), 1);
    await readUntil(iterator, records, (r) => isEventNumber(r) === 4);

    await server.kill();
    await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    // While the port is closed, attempts fail (one `disconnected` each) and are retried.
    await readUntil(iterator, records, (r) => r.kind === 'disconnected' && r.reason.startsWith('connect failed'));
    await server.restart();
    await readUntil(iterator, records, (r) => r.kind === 'reconnected');
    await readUntil(iterator, records, isHeartbeat0);
    for (let n = 5; n < 10; n++) assert.equal(server.broadcast(numberedEventEntry(n)), 1);
    await readUntil(iterator, records, (r) => isEventNumber(r) === 9);
  } finally {
    stop.abort();
    await server.close();
  }
  assert.deepEqual(await iterator.next(), { value: undefined, done: true });

  assert.deepEqual(
    records.map((r) => r.seq),
    records.map((_, i) => i),
  );
  assert.equal(records[0]!.kind, 'connected');
  assert.deepEqual(
    records.filter((r) => r.kind === 'runLog').map((r) => (r.kind === 'runLog' ? r.text : '')),
    DEFAULT_RUN_LOGS,
    'replayed run logs are delivered once',
  );
  assert.deepEqual(eventNumbers(records), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(records.filter((r) => r.kind === 'event').length, 10);

  const firstDrop = records.findIndex((r) => r.kind === 'disconnected');
  const gapAt = records.findIndex((r) => r.kind === 'gap');
  const reconnectedAt = records.findIndex((r) => r.kind === 'reconnected');
  assert.ok(firstDrop > records.findIndex((r) => isEventNumber(r) === 4));
  assert.ok(firstDrop < gapAt && gapAt + 1 === reconnectedAt, 'disconnected … gap, reconnected');
  assert.ok(records.slice(firstDrop, gapAt).every((r) => r.kind === 'disconnected'));
  const first = records[firstDrop]!;
  assert.ok(first.kind === 'disconnected' && first.code === 1006 && first.url === server.url);
  const gap = records[gapAt]!;
  assert.ok(gap.kind === 'gap' && gap.reason === 'reconnect');
  assert.ok(gap.sinceMs !== undefined && gap.untilMs !== undefined && gap.sinceMs <= gap.untilMs);
  assert.ok(gap.sinceMs >= first.receivedAt - 1);
  assert.equal(records.filter((r) => r.kind === 'gap').length, 1);
  assert.equal(records.filter((r) => r.kind === 'connected').length, 1);
  const reconnected = records[reconnectedAt]!;
  assert.ok(reconnected.kind === 'reconnected' && reconnected.attempt === gapAt - firstDrop);
  // receivedAt never goes backwards.
  for (let i = 1; i < records.length; i++) assert.ok(records[i]!.receivedAt >= records[i - 1]!.receivedAt);
});

test('a close 1000 (eCapture evicting a slow client) is a gap too; events sent meanwhile are not invented', { timeout: 15_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const stop = new AbortController();
  const iterator = openWebSocket(server.url, { reconnect: { initialDelayMs: 200, maxDelayMs: 200 }, signal: stop.signal })[
    Symbol.asyncIterator
  ]();
  const records: StreamRecord[] = [];
  let sentToClient = 0;
  try {
    await readUntil(iterator, records, isHeartbeat0);
    sentToClient += server.broadcast(numberedEventEntry(0));
    await readUntil(iterator, records, (r) => isEventNumber(r) === 0);
    for (const client of server.clients) client.close(1000);
    await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    // Nobody is connected now: eCapture would drop these for good.
    for (let n = 1; n <= 3; n++) sentToClient += server.broadcast(numberedEventEntry(n));
    await readUntil(iterator, records, isHeartbeat0);
    sentToClient += server.broadcast(numberedEventEntry(4));
    await readUntil(iterator, records, (r) => isEventNumber(r) === 4);
  } finally {
    stop.abort();
    await server.close();
  }
  assert.equal(sentToClient, 2);
  assert.deepEqual(eventNumbers(records), [0, 4]);
  const kinds = records.map((r) => r.kind);
  const dropAt = kinds.indexOf('disconnected');
  assert.deepEqual(kinds.slice(dropAt, dropAt + 4), ['disconnected', 'gap', 'reconnected', 'heartbeat']);
  const drop = records[dropAt]!;
  assert.ok(drop.kind === 'disconnected' && drop.code === 1000);
  assert.equal(records.filter((r) => r.kind === 'runLog').length, DEFAULT_RUN_LOGS.length);
});

test('without reconnect the stream ends at the server close, with a closed gap', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const records: StreamRecord[] = [];
  try {
    const iterator = openWebSocket(server.url, { reconnect: false, signal: AbortSignal.timeout(5000) })[Symbol.asyncIterator]();
    await readUntil(iterator, records, isHeartbeat0);
    server.broadcast(numberedEventEntry(0));
    for (const client of server.clients) client.close(1000, 'bye');
    for (let i = 0; i < 100; i++) {
      const result = await iterator.next();
      if (result.done) break;
      records.push(result.value);
    }
  } finally {
    await server.close();
  }
  const kinds = records.map((r) => r.kind);
  assert.deepEqual(kinds.slice(-3), ['event', 'disconnected', 'gap']);
  const gap = records.at(-1)!;
  assert.ok(gap.kind === 'gap' && gap.reason === 'closed' && gap.untilMs === undefined);
  const drop = records.at(-2)!;
  assert.ok(drop.kind === 'disconnected' && drop.code === 1000 && drop.reason.includes('bye'));
  assert.equal(server.connections, 1);
});
