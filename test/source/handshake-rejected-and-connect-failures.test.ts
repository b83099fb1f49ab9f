import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamRecord } from '../../src/decode/records.js';
import { HandshakeRejectedError, WebSocketConnectError, WebSocketOptionsError, openWebSocket } from '../../src/source/websocket.js';
import { startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { freePort, readAll, readUntil } from './support/helpers.js';

const eagerRetry = { initialDelayMs: 5, maxDelayMs: 10 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

test('403 (Origin: null) fails fast with HandshakeRejectedError, no retry loop', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer();
  try {
    const records: StreamRecord[] = [];
    const error = await rejection(readAll(openWebSocket(server.url, { origin: 'null', reconnect: eagerRetry })).then((r) => records.push(...r)));
    assert.ok(error instanceof HandshakeRejectedError);
    assert.equal(error.code, 'ECAPTURE_HANDSHAKE_REJECTED');
    assert.equal(error.status, 403);
    assert.match(error.message, /HTTP 403 .*Origin/);
    await sleep(150); // with a 5 ms backoff a retry loop would have hit the server many times by now
    assert.equal(server.upgradeRequests, 1);
    assert.equal(server.connections, 0);
  } finally {
    await server.close();
  }
});

test('the default Origin is accepted by an eCapture-like server', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer();
  try {
    const records: StreamRecord[] = [];
    const iterator = openWebSocket(server.url, { reconnect: false, signal: AbortSignal.timeout(5000) })[Symbol.asyncIterator]();
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
    await iterator.return?.();
    assert.equal(records[0]!.kind, 'connected');
  } finally {
    await server.close();
  }
});

test('400 is not retried either', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer({ rejectWith: 400 });
  try {
    const error = await rejection(readAll(openWebSocket(server.url, { reconnect: eagerRetry })));
    assert.ok(error instanceof HandshakeRejectedError && error.status === 400);
    await sleep(100);
    assert.equal(server.upgradeRequests, 1);
  } finally {
    await server.close();
  }
});

test('503 is retried with backoff until maxAttempts, one disconnected record per failed attempt', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer({ rejectWith: 503 });
  try {
    const records: StreamRecord[] = [];
    const source = openWebSocket(server.url, { reconnect: { ...eagerRetry, maxAttempts: 2 } });
    const error = await rejection(
      (async () => {
        for await (const record of source) records.push(record);
      })(),
    );
    assert.ok(error instanceof WebSocketConnectError);
    assert.equal(error.attempts, 3);
    assert.equal(server.upgradeRequests, 3);
    assert.deepEqual(
      records.map((r) => (r.kind === 'disconnected' ? r.reason : r.kind)),
      ['connect failed: HTTP 503', 'connect failed: HTTP 503', 'connect failed: HTTP 503'],
    );
  } finally {
    await server.close();
  }
});

test('connection refused without reconnect: WebSocketConnectError naming ECONNREFUSED', { timeout: 10_000 }, async () => {
  const port = await freePort();
  const error = await rejection(readAll(openWebSocket(`ws://127.0.0.1:${port}/`, { reconnect: false })));
  assert.ok(error instanceof WebSocketConnectError);
  assert.equal(error.code, 'ECAPTURE_CONNECT_FAILED');
  assert.equal(error.attempts, 1);
  assert.match(error.message, new RegExp(`^ws://127\\.0\\.0\\.1:${port}/: cannot connect: .*ECONNREFUSED`));
});

test('connection refused with reconnect: keeps trying, then `connected` (no gap) once eCapture is up', { timeout: 10_000 }, async () => {
  const probe = await startEcaptureLikeServer();
  const url = probe.url;
  await probe.kill(); // the port is now closed; restart() brings it back
  const stop = new AbortController();
  const iterator = openWebSocket(url, { reconnect: eagerRetry, signal: stop.signal })[Symbol.asyncIterator]();
  const records: StreamRecord[] = [];
  try {
    await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    await probe.restart();
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
  } finally {
    stop.abort();
    await probe.close();
  }
  const firstConnected = records.findIndex((r) => r.kind === 'connected');
  assert.ok(firstConnected >= 2);
  for (const r of records.slice(0, firstConnected)) {
    assert.ok(r.kind === 'disconnected' && /^connect failed: .*ECONNREFUSED/.test(r.reason) && r.code === undefined);
  }
  assert.equal(records.filter((r) => r.kind === 'gap' || r.kind === 'reconnected').length, 0);
});

test('handshake timeout: a server that never answers the upgrade', { timeout: 10_000 }, async () => {
  const { createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const mute = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  const { port } = mute.address() as { port: number };
  try {
    const error = await rejection(readAll(openWebSocket(`ws://127.0.0.1:${port}/`, { reconnect: false, handshakeTimeoutMs: 100 })));
    assert.ok(error instanceof WebSocketConnectError);
    assert.match(error.message, /timed out/);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => mute.close(resolve));
  }
});

test('bad URLs and options are refused with WebSocketOptionsError', async () => {
  await assert.rejects(readAll(openWebSocket('http://127.0.0.1:1/')), WebSocketOptionsError);
  await assert.rejects(readAll(openWebSocket('not a url')), WebSocketOptionsError);
  await assert.rejects(readAll(openWebSocket('ws://127.0.0.1:1/', { watchdogMs: 0 })), WebSocketOptionsError);
});
