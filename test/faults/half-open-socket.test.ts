// A half-open link: after the handshake the server stops reading and writing without closing
// (no FIN, no RST; its socket is paused, as when a peer host vanishes). Nothing arrives, pings go
// unanswered, and only the watchdog can tell: it declares the link dead, the client reconnects, and
// through connect() an exchange open across the silence is flagged `gap`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/api/connect.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { exchangeEntries, exchangeNumber, heartbeat } from './support/entries.js';
import { startRawWebSocketServer, type RawPeer } from './support/raw-websocket-server.js';

const GUARD = { timeout: 15_000 };
const FAST_RETRY = { initialDelayMs: 20, maxDelayMs: 40 };

/** Connection 1: heartbeat and request 0, then silent (paused, never closed). Connection 2: response 0. */
async function halfOpenBehaviour(peer: RawPeer): Promise<void> {
  await peer.handshake();
  peer.send(heartbeat(0));
  const zero = exchangeEntries(0);
  if (peer.connection === 1) {
    peer.send(zero.request);
    peer.socket.pause(); // reads nothing more, writes nothing more, sends no FIN
    return;
  }
  peer.send(zero.response);
}

test('openWebSocket: a half-open link is declared dead by the watchdog, then the client reconnects', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => void halfOpenBehaviour(peer).catch(() => peer.socket.destroy()));
  const stop = new AbortController();
  const records: StreamRecord[] = [];
  try {
    for await (const record of openWebSocket(server.url, { watchdogMs: 400, pingIntervalMs: 100, reconnect: FAST_RETRY, signal: stop.signal })) {
      records.push(record);
      if (record.kind === 'event' && records.filter((r) => r.kind === 'event').length === 2) stop.abort();
      if (records.length > 50) break;
    }
  } finally {
    stop.abort();
    await server.close();
  }
  const kinds = records.map((r) => r.kind);
  assert.deepEqual(kinds, ['connected', 'heartbeat', 'event', 'disconnected', 'gap', 'reconnected', 'heartbeat', 'event']);
  const dropped = records[3]!;
  assert.ok(dropped.kind === 'disconnected');
  assert.match(dropped.reason, /^watchdog: no message and no pong for \d+ ms \(limit 400 ms\)$/);
  assert.equal(server.accepted, 2);
});

test('connect(): the exchange open across the dead link pairs after the reconnect and is flagged gap', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => void halfOpenBehaviour(peer).catch(() => peer.socket.destroy()));
  const stop = new AbortController();
  const exchanges: Exchange[] = [];
  const seen: StreamRecord[] = [];
  const timer = setTimeout(() => stop.abort(), 10_000);
  try {
    const options = { watchdogMs: 400, pingIntervalMs: 100, reconnect: FAST_RETRY, signal: stop.signal, dialect: 'raw' as const, tickMs: 50, onRecord: (r: StreamRecord) => seen.push(r) };
    for await (const x of connect(server.url, options)) {
      exchanges.push(x);
      stop.abort();
    }
  } finally {
    clearTimeout(timer);
    stop.abort();
    await server.close();
  }
  assert.equal(exchanges.length, 1);
  const zero = exchanges[0]!;
  assert.equal(exchangeNumber(zero.request?.target), 0);
  assert.equal(zero.response?.status, 200);
  assert.ok(zero.issues.some((i) => i.code === 'gap'), zero.issues.map((i) => i.code).join());
  assert.ok(seen.some((r) => r.kind === 'disconnected' && r.reason.startsWith('watchdog')));
});
