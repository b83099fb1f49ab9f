import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { StreamRecord } from '../../src/decode/records.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { readRecording } from '../../src/source/read-recording.js';
import { startReplayServer } from '../../src/source/replay-server.js';
import { openWebSocket } from '../../src/source/websocket.js';
import { openWebSocketMessages } from '../../src/source/websocket-messages.js';
import { fixturePath, readAll, splitDelimitedFile, withoutPosition } from './support/helpers.js';

const wsCapture = fixturePath('h1-get-json', 'ws-capture.ldpb');
const eventsOnly = fixturePath('h2-spread-flush', 'stream.ldpb');

test('ws-capture.ldpb through the replay server: run logs, heartbeat:0, events, the file bytes verbatim', { timeout: 10_000 }, async () => {
  const server = await startReplayServer({ file: wsCapture, closeWhenDone: true });
  try {
    const items = await readAll(openWebSocketMessages(server.url, { reconnect: false, signal: AbortSignal.timeout(5000) }));
    const entries = splitDelimitedFile(wsCapture);
    const messages = items.filter((item) => item.kind === 'message');
    assert.deepEqual(
      messages.map((m) => Buffer.from(m.data)),
      entries,
    );
    assert.ok(messages.every((m) => m.binary));
    const kinds = items.map((item) => item.record.kind);
    // README: 15 replayed run logs, then heartbeat:0, then the events (2 in h1-get-json).
    assert.deepEqual(kinds, ['connected', ...Array(15).fill('runLog'), 'heartbeat', 'event', 'event', 'disconnected', 'gap']);
    const end = items.at(-2)!.record;
    assert.ok(end.kind === 'disconnected' && end.code === 1000);
  } finally {
    await server.close();
  }
});

test('openWebSocket yields the same decoded records as reading the file', { timeout: 10_000 }, async () => {
  const server = await startReplayServer({ file: wsCapture, closeWhenDone: true });
  try {
    const live = await readAll(openWebSocket(server.url, { reconnect: false, signal: AbortSignal.timeout(5000) }));
    const fromFile = await readAll(readRecording(wsCapture));
    const isMessage = (r: StreamRecord): boolean => !['connected', 'disconnected', 'reconnected', 'gap'].includes(r.kind);
    assert.deepEqual(live.filter(isMessage).map(withoutPosition), fromFile.map(withoutPosition));
    assert.deepEqual(
      live.map((r) => r.seq),
      live.map((_, i) => i),
    );
    const heartbeat = live.find((r) => r.kind === 'heartbeat');
    assert.ok(heartbeat?.kind === 'heartbeat' && heartbeat.count === 0 && heartbeat.message === 'heartbeat:0');
  } finally {
    await server.close();
  }
});

test('a recording of events alone is preceded by synthesised run logs and heartbeat:0', { timeout: 10_000 }, async () => {
  const server = await startReplayServer({ file: eventsOnly, closeWhenDone: true });
  try {
    const items = await readAll(openWebSocketMessages(server.url, { reconnect: false, signal: AbortSignal.timeout(5000) }));
    const messages = items.filter((item) => item.kind === 'message');
    const entries = splitDelimitedFile(eventsOnly);
    assert.ok(entries.every((entry) => decodeLogEntry(entry).kind === 'event'), 'the fixture holds events alone');
    const heartbeatAt = messages.findIndex((m) => m.record.kind === 'heartbeat');
    assert.ok(heartbeatAt >= 1);
    const runLogs = messages.slice(0, heartbeatAt).map((m) => m.record);
    for (const record of runLogs) {
      assert.ok(record.kind === 'runLog');
      assert.ok(record.text.endsWith('\n'));
      const fields = JSON.parse(record.text) as Record<string, unknown>;
      assert.equal(fields['level'], 'info');
      assert.match(String(fields['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.equal(JSON.parse(runLogs[0]!.kind === 'runLog' ? runLogs[0]!.text : '{}').AppName, 'eCapture(旁观者)');
    assert.ok(runLogs.some((r) => r.kind === 'runLog' && /synthesised/.test(r.text)), 'says the lines are synthesised');
    const heartbeat = messages[heartbeatAt]!.record;
    assert.ok(heartbeat.kind === 'heartbeat' && heartbeat.count === 0 && heartbeat.message === 'heartbeat:0');
    assert.ok(Math.abs(heartbeat.timestamp - Date.now() / 1000) < 60, 'Unix seconds');
    // Heartbeat #0 is encoded as eCapture's Go server does: no log_type, no count on the wire.
    assert.equal(messages[heartbeatAt]!.data[0], 0x1a);
    assert.deepEqual(
      messages.slice(heartbeatAt + 1).map((m) => Buffer.from(m.data)),
      entries,
    );
  } finally {
    await server.close();
  }
});

test('every client gets the whole file from the start, and periodic heartbeats while open', { timeout: 10_000 }, async () => {
  const server = await startReplayServer({ file: wsCapture, heartbeatIntervalMs: 30 });
  const stop = new AbortController();
  try {
    const entries = splitDelimitedFile(wsCapture);
    const read = async (): Promise<StreamRecord[]> => {
      const records: StreamRecord[] = [];
      for await (const record of openWebSocket(server.url, { reconnect: false, signal: stop.signal })) {
        records.push(record);
        if (record.kind === 'heartbeat' && record.count === 2) break;
      }
      return records;
    };
    const [first, second] = await Promise.all([read(), read()]);
    for (const records of [first!, second!]) {
      const messages = records.filter((r) => r.kind !== 'connected');
      assert.ok(messages.length >= entries.length + 1);
      const heartbeats = messages.filter((r) => r.kind === 'heartbeat').map((r) => (r.kind === 'heartbeat' ? r.message : ''));
      assert.deepEqual(heartbeats, ['heartbeat:0', 'heartbeat:1', 'heartbeat:2']);
      assert.equal(messages.filter((r) => r.kind === 'event').length, entries.filter((e) => decodeLogEntry(e).kind === 'event').length);
    }
  } finally {
    stop.abort();
    await server.close();
  }
});

test('handshake rules as eCapture: 403 without Origin or with Origin null, 400 for two subprotocols', { timeout: 10_000 }, async () => {
  const server = await startReplayServer({ file: wsCapture });
  const status = (options: WebSocket.ClientOptions, protocols?: string[]): Promise<number> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(server.url, protocols, options);
      socket.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('open', () => {
        resolve(101);
        socket.terminate();
      });
      socket.on('error', (error) => {
        if (!/closed before the connection/.test(error.message)) reject(error);
      });
    });
  try {
    assert.equal(await status({}), 403);
    assert.equal(await status({ origin: 'null' }), 403);
    assert.equal(await status({ origin: 'http://localhost/' }, ['a', 'b']), 400);
    assert.equal(await status({ origin: 'http://localhost/' }, ['a']), 101);
    assert.equal(await status({ origin: 'http://localhost/' }), 101);
  } finally {
    await server.close();
  }
});

test('realtime pacing follows the event timestamps (scaled by speed)', { timeout: 15_000 }, async () => {
  const file = fixturePath('h1-keepalive-timing', 'stream.ldpb');
  const speed = 8;
  const server = await startReplayServer({ file, realtime: true, speed, closeWhenDone: true });
  try {
    const records = await readAll(openWebSocket(server.url, { reconnect: false, signal: AbortSignal.timeout(10_000) }));
    const events = records.filter((r) => r.kind === 'event' && r.sub === 'data');
    const times = events.map((r) => (r.kind === 'event' && r.sub === 'data' && r.time.clock !== 'none' && r.time.clock !== 'local' ? r.time.ns : 0n));
    assert.ok(times.length >= 2 && times.every((t) => t > 0n));
    const spanMs = Number(times.at(-1)! - times[0]!) / 1e6;
    assert.ok(spanMs > 1000, 'the fixture spans seconds');
    // Sleeps never end early, so arrival cannot be faster than the scaled span.
    const arrivalMs = events.at(-1)!.receivedAt - events[0]!.receivedAt;
    assert.ok(arrivalMs >= (spanMs / speed) * 0.9, `arrived over ${arrivalMs} ms, expected ≥ ${spanMs / speed} ms`);
  } finally {
    await server.close();
  }
});

test('the signal closes the server and settles done', { timeout: 10_000 }, async () => {
  const stop = new AbortController();
  const server = await startReplayServer({ file: wsCapture, signal: stop.signal });
  stop.abort();
  await server.done;
  await server.close();
  await assert.rejects(readAll(openWebSocket(server.url, { reconnect: false })), /ECONNREFUSED/);
});

test('a missing file is refused before listening', async () => {
  await assert.rejects(startReplayServer({ file: fixturePath('h1-get-json', 'no-such.ldpb') }), { code: 'ECAPTURE_REPLAY_FILE' });
});
