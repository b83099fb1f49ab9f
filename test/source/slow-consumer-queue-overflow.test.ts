import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamRecord } from '../../src/decode/records.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { DEFAULT_RUN_LOGS, numberedEventEntry, startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { isEventNumber, readUntil } from './support/helpers.js';

test('a slow consumer: the bounded queue drops and says so; sent − received − dropped == 0', { timeout: 15_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const EVENTS = 400;
  const records: StreamRecord[] = [];
  try {
    const iterator = openWebSocket(server.url, { queueLimit: 8, reconnect: false, signal: AbortSignal.timeout(10_000) })[Symbol.asyncIterator]();
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
    const client = [...server.clients][0]!;
    for (let n = 0; n < EVENTS; n++) client.send(numberedEventEntry(n), { binary: true });
    client.close(1000);
    await sleep(300); // the consumer is busy; the socket keeps being read meanwhile
    for (let i = 0; i < 2 * EVENTS; i++) {
      const result = await iterator.next();
      if (result.done) break;
      records.push(result.value);
      if (i < 20) await sleep(2);
    }
  } finally {
    await server.close();
  }
  const sent = DEFAULT_RUN_LOGS.length + 1 + EVENTS;
  const received = records.filter((r) => r.kind === 'runLog' || r.kind === 'heartbeat' || r.kind === 'event').length;
  const gaps = records.filter((r) => r.kind === 'gap' && r.reason === 'queue-overflow');
  const dropped = gaps.reduce((sum, r) => sum + (r.kind === 'gap' ? r.dropped ?? 0 : 0), 0);
  assert.ok(dropped > 0, 'the queue overflowed');
  assert.equal(sent - received - dropped, 0);

  // Each overflow gap stands exactly where its events are missing.
  let previous = -1;
  for (const record of records) {
    const n = isEventNumber(record);
    if (record.kind === 'gap' && record.reason === 'queue-overflow') {
      const following = records.slice(records.indexOf(record) + 1).map(isEventNumber).find((x) => x !== undefined) ?? EVENTS;
      assert.equal(following - previous - 1, record.dropped);
      assert.ok(record.sinceMs !== undefined && record.untilMs !== undefined && record.sinceMs <= record.untilMs);
    } else if (n !== undefined) {
      assert.ok(n > previous);
      if (n !== previous + 1) assert.equal(records[records.indexOf(record) - 1]!.kind, 'gap', `a hole before event ${n} without a gap`);
      previous = n;
    }
  }
  // The end of the stream is still reported after the overflow.
  assert.deepEqual(
    records.slice(-2).map((r) => r.kind),
    ['disconnected', 'gap'],
  );
});
