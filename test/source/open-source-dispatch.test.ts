import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { isWebSocketSpec, openSource } from '../../src/source/open-source.js';
import { startReplayServer } from '../../src/source/replay-server.js';
import { fixturePath, readAll, splitDelimitedFile, withoutPosition } from './support/helpers.js';

const wsCapture = fixturePath('h2-curl-prior-knowledge', 'ws-capture.ldpb');
const isMessage = (r: StreamRecord): boolean => !['connected', 'disconnected', 'reconnected', 'gap'].includes(r.kind);

test('a path is a recording, a ws:// URL a live source; both give the same messages', { timeout: 10_000 }, async () => {
  const fromFile = await readAll(openSource(wsCapture));
  assert.equal(fromFile.length, splitDelimitedFile(wsCapture).length);
  assert.ok(fromFile.every(isMessage));

  const server = await startReplayServer({ file: wsCapture, closeWhenDone: true });
  try {
    // noReconnect: the live source ends when the server closes.
    const live = await readAll(openSource(server.url, { noReconnect: true, signal: AbortSignal.timeout(5000) }));
    assert.equal(live[0]!.kind, 'connected');
    assert.deepEqual(live.slice(-2).map((r) => r.kind), ['disconnected', 'gap']);
    assert.deepEqual(live.filter(isMessage).map(withoutPosition), fromFile.map(withoutPosition));
  } finally {
    await server.close();
  }
});

test('which specs are WebSocket URLs', () => {
  assert.equal(isWebSocketSpec('ws://127.0.0.1:28257/'), true);
  assert.equal(isWebSocketSpec('WSS://host/'), true);
  assert.equal(isWebSocketSpec('capture.ldpb'), false);
  assert.equal(isWebSocketSpec('./ws:/odd/path.ldpb'), false);
});

test('a missing recording rejects the iteration', async () => {
  await assert.rejects(readAll(openSource(fixturePath('h2-post', 'missing.ldpb'))), { code: 'ENOENT' });
});
