import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { StreamRecord } from '../../src/decode/records.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { assertNoLeftovers, readUntil, trackedResources, waitFor } from './support/helpers.js';

test('abort while streaming: the iterator ends at once, the socket and timers are released', { timeout: 10_000 }, async () => {
  const baseline = trackedResources();
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 20 });
  const stop = new AbortController();
  const iterator = openWebSocket(server.url, { watchdogMs: 5000, pingIntervalMs: 30, signal: stop.signal })[Symbol.asyncIterator]();
  const records: StreamRecord[] = [];
  try {
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat' && r.count === 3);
    const pending = iterator.next();
    stop.abort();
    const ended = await pending;
    // Either a record that was already on its way, or the end; after the abort only the end.
    if (!ended.done) assert.equal(ended.value.kind, 'heartbeat');
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
    await waitFor(() => server.clients.size === 0, 'the server to see the client go');
  } finally {
    await server.close();
  }
  await assertNoLeftovers(baseline);
});

test('abort while waiting to reconnect clears the retry timer', { timeout: 10_000 }, async () => {
  const baseline = trackedResources();
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const stop = new AbortController();
  const iterator = openWebSocket(server.url, { reconnect: { initialDelayMs: 60_000 }, signal: stop.signal })[Symbol.asyncIterator]();
  const records: StreamRecord[] = [];
  try {
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
    await server.kill();
    await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    const pending = iterator.next();
    stop.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
  } finally {
    await server.close();
  }
  await assertNoLeftovers(baseline);
});

test('abort during the handshake (a server that never answers) ends the iterator', { timeout: 10_000 }, async () => {
  const baseline = trackedResources();
  const sockets = new Set<Socket>();
  const mute = createServer((socket) => {
    sockets.add(socket);
    socket.resume(); // read (and discard) the upgrade request, so the client's FIN is seen
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  const { port } = mute.address() as { port: number };
  const stop = new AbortController();
  try {
    const iterator = openWebSocket(`ws://127.0.0.1:${port}/`, { signal: stop.signal })[Symbol.asyncIterator]();
    const pending = iterator.next();
    await waitFor(() => sockets.size === 1, 'the connection attempt');
    stop.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
    await waitFor(() => sockets.size === 0, 'the client to drop the socket');
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => mute.close(resolve));
  }
  await assertNoLeftovers(baseline);
});

test('breaking out of for-await closes the connection', { timeout: 10_000 }, async () => {
  const baseline = trackedResources();
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  try {
    let seen = 0;
    for await (const record of openWebSocket(server.url)) {
      seen++;
      if (record.kind === 'heartbeat') break;
    }
    assert.ok(seen >= 2);
    await waitFor(() => server.clients.size === 0, 'the server to see the client go');
  } finally {
    await server.close();
  }
  await assertNoLeftovers(baseline);
});

test('an already aborted signal: no connection attempt at all', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer();
  try {
    const records: StreamRecord[] = [];
    for await (const record of openWebSocket(server.url, { signal: AbortSignal.abort() })) records.push(record);
    assert.deepEqual(records, []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.upgradeRequests, 0);
  } finally {
    await server.close();
  }
});
