// The server dies in the middle of a WebSocket frame: the frame header and half the payload are
// written, then the TCP connection is destroyed. The half frame never becomes a record, the drop is
// reported (disconnected, then gap + reconnected once the next connection is up), and through
// connect() the exchange whose response was in that frame comes out without one, flagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/api/connect.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { exchangeEntries, exchangeNumber, heartbeat, runLog } from './support/entries.js';
import { startRawWebSocketServer, type RawPeer } from './support/raw-websocket-server.js';

const GUARD = { timeout: 15_000 };
const FAST_RETRY = { initialDelayMs: 20, maxDelayMs: 40 };

/** Connection 1: run log, heartbeat, request 0, half of response 0's frame, then gone. Connection 2: exchange 1 whole. */
async function dyingServerBehaviour(peer: RawPeer): Promise<void> {
  await peer.handshake();
  if (peer.connection === 1) {
    peer.send(runLog('{"level":"info","message":"started"}\n'));
    peer.send(heartbeat(0));
    const zero = exchangeEntries(0);
    peer.send(zero.request);
    const frame = peer.frame(zero.response);
    peer.socket.write(frame.subarray(0, Math.floor(frame.length / 2)), () => peer.socket.destroy());
    return;
  }
  peer.send(heartbeat(0));
  const one = exchangeEntries(1);
  peer.send(one.request);
  peer.send(one.response);
}

test('openWebSocket: the half frame is no record; disconnected, gap, reconnected; nothing invented', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => void dyingServerBehaviour(peer).catch(() => peer.socket.destroy()));
  const stop = new AbortController();
  const records: StreamRecord[] = [];
  try {
    for await (const record of openWebSocket(server.url, { reconnect: FAST_RETRY, signal: stop.signal, watchdogMs: 5_000 })) {
      records.push(record);
      if (records.filter((r) => r.kind === 'event').length === 3) stop.abort();
      if (records.length > 100) break;
    }
  } finally {
    stop.abort();
    await server.close();
  }
  const kinds = records.map((r) => (r.kind === 'event' ? `event` : r.kind));
  assert.deepEqual(kinds, ['connected', 'runLog', 'heartbeat', 'event', 'disconnected', 'gap', 'reconnected', 'heartbeat', 'event', 'event']);
  const dropped = records[4]!;
  assert.ok(dropped.kind === 'disconnected' && dropped.code === 1006, JSON.stringify(dropped));
  const gap = records[5]!;
  assert.ok(gap.kind === 'gap' && gap.reason === 'reconnect');
  assert.equal(records.filter((r) => r.kind === 'undecodable').length, 0, 'the half frame was not delivered as anything');
  assert.equal(server.accepted, 2);
});

test('connect(): the exchange whose response died with the frame is flagged (gap, response-missing); the other is exact', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => void dyingServerBehaviour(peer).catch(() => peer.socket.destroy()));
  const stop = new AbortController();
  const exchanges: Exchange[] = [];
  const timer = setTimeout(() => stop.abort(), 10_000);
  try {
    for await (const x of connect(server.url, { reconnect: FAST_RETRY, signal: stop.signal, dialect: 'raw', tickMs: 50, http1: { idleTimeoutMs: 300 } })) {
      exchanges.push(x);
      if (exchanges.length === 2) stop.abort();
    }
  } finally {
    clearTimeout(timer);
    stop.abort();
    await server.close();
  }
  assert.deepEqual(exchanges.map((x) => exchangeNumber(x.request?.target)).sort(), [0, 1]);
  const zero = exchanges.find((x) => exchangeNumber(x.request?.target) === 0)!;
  assert.equal(zero.response, undefined, 'no response invented');
  const zeroCodes = zero.issues.map((i) => i.code);
  assert.ok(zeroCodes.includes('gap') && zeroCodes.includes('response-missing'), zeroCodes.join());
  const one = exchanges.find((x) => exchangeNumber(x.request?.target) === 1)!;
  assert.equal(one.response?.status, 200);
  assert.equal(Buffer.from(one.response!.body.wire!).toString(), '1:xxxxxxxxxxxxxx');
  assert.ok(!one.issues.some((i) => i.code === 'gap'), 'a connection that began after the gap is not flagged');
});
