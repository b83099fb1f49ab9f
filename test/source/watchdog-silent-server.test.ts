import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { readUntil } from './support/helpers.js';

test('heartbeats and pongs stop: the watchdog declares the link dead and reconnects', { timeout: 15_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 40 });
  const stop = new AbortController();
  const iterator = openWebSocket(server.url, {
    watchdogMs: 300,
    pingIntervalMs: 50,
    reconnect: { initialDelayMs: 20, maxDelayMs: 40 },
    signal: stop.signal,
  })[Symbol.asyncIterator]();
  const records: StreamRecord[] = [];
  try {
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat' && r.count === 2);
    server.goSilent();
    const dropped = await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    await readUntil(iterator, records, (r) => r.kind === 'reconnected');
    assert.ok(dropped.kind === 'disconnected');
    assert.match(dropped.reason, /^watchdog: no message and no pong for \d+ ms \(limit 300 ms\)$/);
    assert.equal(server.connections, 2);
    const kinds = records.map((r) => r.kind);
    assert.deepEqual(kinds.slice(kinds.indexOf('disconnected')), ['disconnected', 'gap', 'reconnected']);
  } finally {
    stop.abort();
    await server.close();
  }
});

test('pongs alone keep a quiet link alive (no heartbeats, no watchdog)', { timeout: 15_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const stop = new AbortController();
  const iterator = openWebSocket(server.url, { watchdogMs: 600, pingIntervalMs: 40, signal: stop.signal })[Symbol.asyncIterator]();
  const records: StreamRecord[] = [];
  try {
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
    // Three watchdog periods without a single message: only pongs show the link is alive.
    const quiet = iterator.next();
    const outcome = await Promise.race([quiet.then(() => 'record'), new Promise((resolve) => setTimeout(resolve, 1800, 'quiet'))]);
    assert.equal(outcome, 'quiet');
    assert.equal(server.connections, 1);
    stop.abort();
    assert.deepEqual(await quiet, { value: undefined, done: true });
  } finally {
    stop.abort();
    await server.close();
  }
});
