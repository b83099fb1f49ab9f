// A real ws server floods 8 000 exchanges (16 000 messages, 128 MiB of response bodies) while the
// consumer of connect() is slow. The bounded queue drops what does not fit and says so (gap
// records with counts, where the loss happened): events delivered + events counted as dropped
// = events sent. What the client holds stays far below what was sent; every exchange that comes
// out unflagged is exactly one that was sent; nothing is invented or duplicated.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { connect } from '../../src/api/connect.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { damageFlags } from '../support/fuzz/compare-exchanges.js';
import { MemoryGauge, MiB } from '../support/fuzz/bomb-inputs.js';
import { exchangeEntries, exchangeNumber } from './support/entries.js';

const EXCHANGES = 8_000;
const BODY = 16 * 1024; // eCapture's largest SSL call

/** Sends message(0 … count-1), built one at a time, in batches that wait for the socket to flush. */
function sendPaced(socket: WebSocket, count: number, message: (i: number) => Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    const batch = (): void => {
      // The server lives in this process too: keep its own send buffer small while flooding.
      const end = Math.min(count, next + 32);
      for (; next < end; next++) {
        const last = next === end - 1;
        socket.send(message(next), { binary: true }, last ? (error) => (error ? reject(error) : next < count ? batch() : resolve()) : undefined);
      }
    };
    batch();
  });
}

test('a flood faster than the consumer: bounded queue, counted gaps, bounded memory, nothing invented', { timeout: 60_000 }, async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  const { port } = wss.address() as { port: number };
  const sent = 2 * EXCHANGES;
  const message = (i: number): Uint8Array => {
    const entries = exchangeEntries(i >> 1, BODY);
    return i % 2 === 0 ? entries.request : entries.response;
  };
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    void sendPaced(socket, sent, message).then(() => socket.close(1000, 'done'));
  });

  const gauge = new MemoryGauge();
  let events = 0;
  let dropped = 0;
  let gaps = 0;
  let records = 0;
  const onRecord = (r: StreamRecord): void => {
    if (++records % 32 === 0) gauge.sample();
    if (r.kind === 'event') events++;
    if (r.kind === 'gap' && r.reason === 'queue-overflow') {
      gaps++;
      dropped += r.dropped ?? 0;
    }
  };
  // Each exchange is checked as it comes and then let go: the test must not be what holds memory.
  const seen = new Set<number>();
  let count = 0;
  let clean = 0;
  const check = (x: Exchange): void => {
    const n = exchangeNumber(x.request?.target);
    if (n === undefined) {
      assert.ok(x.issues.some((i) => i.code === 'request-missing'), 'a response without its request says so');
      return;
    }
    assert.ok(n >= 0 && n < EXCHANGES && !seen.has(n), `request ${n} came out once`);
    seen.add(n);
    if (damageFlags(x).length === 0) {
      clean++;
      assert.equal(x.response?.status, 200);
      assert.equal(Buffer.from(x.response!.body.wire!).toString(), `${n}:`.padEnd(BODY, 'x'), `exchange ${n} is the one sent`);
    } else if (x.response === undefined) {
      assert.ok(x.issues.some((i) => i.code === 'response-missing'));
    }
  };
  try {
    for await (const x of connect(`ws://127.0.0.1:${port}/`, { noReconnect: true, queueLimit: 64, dialect: 'raw', onRecord, signal: AbortSignal.timeout(50_000) })) {
      check(x);
      if (++count < 200) await sleep(2); // slow at first, while the server floods
    }
  } finally {
    for (const client of wss.clients) client.terminate();
    wss.close();
  }
  await gauge.sampleSettled();

  assert.ok(gaps > 0 && dropped > 0, 'the queue overflowed and said so');
  assert.equal(events + dropped, sent, 'delivered + counted as dropped = sent');
  assert.ok(gauge.peakGrowth < 48 * MiB, `held ${Math.round(gauge.peakGrowth / MiB)} MiB at the peak while ${Math.round((EXCHANGES * BODY) / MiB)} MiB were sent`);

  assert.ok(seen.size > 0 && clean > 0, 'some exchanges came through whole');
});
