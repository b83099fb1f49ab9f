import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { numberedEventEntry, startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { eventNumbers, readUntil } from './support/helpers.js';

test('a text frame becomes an undecodable text-frame record; binary garbage an undecodable record', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const records: StreamRecord[] = [];
  try {
    const iterator = openWebSocket(server.url, { reconnect: false, signal: AbortSignal.timeout(5000) })[Symbol.asyncIterator]();
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
    const client = [...server.clients][0]!;
    client.send('hello from a proxy');
    client.send(Buffer.from([0xff, 0xff, 0xff]), { binary: true });
    client.send(numberedEventEntry(1), { binary: true });
    await readUntil(iterator, records, (r) => r.kind === 'event');
    await iterator.return?.();
  } finally {
    await server.close();
  }
  const [text, garbage] = records.filter((r) => r.kind === 'undecodable');
  assert.ok(text?.kind === 'undecodable' && text.code === 'text-frame' && text.text === 'hello from a proxy');
  assert.equal(text.byteLength, 18);
  assert.ok(garbage?.kind === 'undecodable' && garbage.code !== 'text-frame' && garbage.byteLength === 3);
  assert.deepEqual(eventNumbers(records), [1]);
});

test('a message above maxPayload drops the connection (1009), reported, then reconnect goes on', { timeout: 10_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const stop = new AbortController();
  const records: StreamRecord[] = [];
  try {
    const iterator = openWebSocket(server.url, { maxPayload: 1024, reconnect: { initialDelayMs: 10, maxDelayMs: 20 }, signal: stop.signal })[
      Symbol.asyncIterator
    ]();
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
    [...server.clients][0]!.send(Buffer.alloc(4096, 0x41), { binary: true });
    const dropped = await readUntil(iterator, records, (r) => r.kind === 'disconnected');
    assert.ok(dropped.kind === 'disconnected');
    assert.match(dropped.reason, /payload/i);
    await readUntil(iterator, records, (r) => r.kind === 'reconnected');
    await readUntil(iterator, records, (r) => r.kind === 'heartbeat');
  } finally {
    stop.abort();
    await server.close();
  }
  assert.equal(server.connections, 2);
  assert.equal(records.filter((r) => r.kind === 'undecodable').length, 0);
});
