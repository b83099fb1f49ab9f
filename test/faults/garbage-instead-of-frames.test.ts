// After a proper handshake and one good frame, the server sends bytes that are no WebSocket frame:
// an HTTP response, random bytes with reserved bits set, a masked server frame, a frame header that
// declares 2^62 bytes; then it closes its end. The client reports a protocol error and reconnects;
// the garbage never becomes a record; through connect() the exchange open across it is flagged
// `gap`. A garbage-sending server that then stays silent must not keep the client waiting for a
// closing handshake that never comes (ws's 30 s close timeout): the drop is reported at once.

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

const GARBAGE: Array<[string, Uint8Array]> = [
  ['an HTTP response', Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello')],
  ['reserved bits and an unknown opcode', Uint8Array.of(0xf3, 0x05, 1, 2, 3, 4, 5)],
  ['a masked server frame', Uint8Array.of(0x82, 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9)],
  ['a frame declaring 2^62 bytes', Uint8Array.of(0x82, 0x7f, 0x40, 0, 0, 0, 0, 0, 0, 0, 0xde, 0xad)],
];

function garbageBehaviour(garbage: Uint8Array, thenSilent = false) {
  return async (peer: RawPeer): Promise<void> => {
    await peer.handshake();
    peer.send(heartbeat(0));
    const zero = exchangeEntries(0);
    if (peer.connection === 1) {
      peer.send(zero.request);
      peer.socket.write(garbage);
      if (thenSilent) peer.socket.pause();
      else setTimeout(() => peer.socket.end(), 50).unref();
      return;
    }
    peer.send(zero.response);
  };
}

for (const [name, garbage] of GARBAGE) {
  test(`openWebSocket: ${name} after a frame closes the link, reported; no record is made of it`, GUARD, async () => {
    const server = await startRawWebSocketServer((peer) => void garbageBehaviour(garbage)(peer).catch(() => peer.socket.destroy()));
    const stop = new AbortController();
    const records: StreamRecord[] = [];
    try {
      for await (const record of openWebSocket(server.url, { reconnect: FAST_RETRY, signal: stop.signal, maxPayload: 1024 * 1024 })) {
        records.push(record);
        if (records.filter((r) => r.kind === 'event').length === 2) stop.abort();
        if (records.length > 50) break;
      }
    } finally {
      stop.abort();
      await server.close();
    }
    assert.deepEqual(
      records.map((r) => r.kind),
      ['connected', 'heartbeat', 'event', 'disconnected', 'gap', 'reconnected', 'heartbeat', 'event'],
    );
    const dropped = records[3]!;
    assert.ok(dropped.kind === 'disconnected' && dropped.code !== 1000, JSON.stringify(dropped));
    assert.match(dropped.reason, /(Invalid|Unsupported) WebSocket frame/, 'the reason names the protocol error');
    assert.ok(!records.some((r) => r.kind === 'undecodable'), 'garbage bytes are not a message');
  });
}

test('connect(): the exchange open across the garbage is paired after the reconnect and flagged gap', GUARD, async () => {
  const server = await startRawWebSocketServer((peer) => void garbageBehaviour(GARBAGE[1]![1])(peer).catch(() => peer.socket.destroy()));
  const stop = new AbortController();
  const exchanges: Exchange[] = [];
  const timer = setTimeout(() => stop.abort(), 10_000);
  try {
    for await (const x of connect(server.url, { reconnect: FAST_RETRY, signal: stop.signal, dialect: 'raw', tickMs: 50 })) {
      exchanges.push(x);
      stop.abort();
    }
  } finally {
    clearTimeout(timer);
    stop.abort();
    await server.close();
  }
  assert.equal(exchanges.length, 1);
  assert.equal(exchangeNumber(exchanges[0]!.request?.target), 0);
  assert.equal(exchanges[0]!.response?.status, 200);
  assert.ok(exchanges[0]!.issues.some((i) => i.code === 'gap'));
});

test(
  'openWebSocket: garbage, then a silent open socket: the drop is reported without waiting for a closing handshake',
  GUARD,
  async () => {
    const server = await startRawWebSocketServer((peer) => void garbageBehaviour(GARBAGE[1]![1], true)(peer).catch(() => peer.socket.destroy()));
    const stop = new AbortController();
    const records: StreamRecord[] = [];
    const timer = setTimeout(() => stop.abort(), 2_500);
    try {
      for await (const record of openWebSocket(server.url, { reconnect: FAST_RETRY, signal: stop.signal })) {
        records.push(record);
        if (record.kind === 'disconnected') stop.abort();
      }
    } finally {
      clearTimeout(timer);
      stop.abort();
      await server.close();
    }
    assert.ok(records.some((r) => r.kind === 'disconnected'), `within 2.5 s: ${records.map((r) => r.kind).join()}`);
  },
);
