// A server that accepts the TCP connection and never answers the upgrade. The handshake timeout
// ends each attempt (one `disconnected` per attempt, reason `connect failed`), retries follow the
// backoff, and once the attempts are spent the iterator throws WebSocketConnectError; connect()
// passes that error on without inventing a single exchange. Every socket is released.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/api/connect.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { openWebSocket, WebSocketConnectError } from '../../src/source/websocket.js';
import { startRawWebSocketServer } from './support/raw-websocket-server.js';

const GUARD = { timeout: 15_000 };

test('openWebSocket: each attempt times out, is reported, retried; then WebSocketConnectError', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => peer.socket.resume()); // reads the request, answers nothing
  const records: StreamRecord[] = [];
  let error: unknown;
  try {
    for await (const record of openWebSocket(server.url, { handshakeTimeoutMs: 200, reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 } })) {
      records.push(record);
      if (records.length > 20) break;
    }
  } catch (caught) {
    error = caught;
  } finally {
    await server.close();
  }
  assert.ok(error instanceof WebSocketConnectError, String(error));
  assert.equal(server.accepted, 3, 'the first attempt and two retries');
  assert.equal(records.length, 3);
  for (const r of records) assert.ok(r.kind === 'disconnected' && r.reason.startsWith('connect failed'), JSON.stringify(r));
  assert.ok(!records.some((r) => r.kind === 'connected' || r.kind === 'gap'), 'never connected, so nothing was lost');
});

test('connect(): no exchange, the connect error surfaces, the silent server sees every socket closed', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => peer.socket.resume());
  const exchanges: Exchange[] = [];
  try {
    await assert.rejects(
      (async () => {
        for await (const x of connect(server.url, { handshakeTimeoutMs: 200, noReconnect: true })) exchanges.push(x);
      })(),
      WebSocketConnectError,
    );
    const deadline = Date.now() + 3000;
    while (server.open > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.open, 0, 'the client closed its side');
  } finally {
    await server.close();
  }
  assert.deepEqual(exchanges, []);
});
