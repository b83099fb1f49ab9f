// connect() over the real WebSocket path: a replay server on 127.0.0.1 serving a fixture
// recording gives the same exchanges as reading the file, and the non-exchange records reach
// onRecord without disturbing the loop.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DelimitedReader, encodeDelimited } from '../../src/source/delimited.js';
import { connect, read } from '../../src/api/connect.js';
import { startReplayServer } from '../../src/source/replay-server.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { FIXTURES } from '../support/expected.js';
import { withoutTimes } from '../support/strip-times.js';

async function collect(xs: AsyncIterable<Exchange>): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for await (const x of xs) out.push(x);
  return out;
}

for (const file of ['h1-keepalive-timing/ws-capture.ldpb', 'h2-spread-flush/ws-capture.ldpb', 'h2-post/stream-v2.ldpb', 'h1-chunked/stream-raw.ldpb']) {
  test(`${file} through replay server and connect() equals reading the file`, async () => {
    const path = join(FIXTURES, file);
    const fromFile = (await collect(read(path))).map(withoutTimes);
    const server = await startReplayServer({ file: path, port: 0, closeWhenDone: true });
    const kinds = new Map<string, number>();
    try {
      const live = await collect(
        connect(server.url, {
          noReconnect: true,
          onRecord: (r: StreamRecord) => kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1),
        }),
      );
      assert.deepEqual(live.map(withoutTimes), fromFile);
    } finally {
      await server.close();
    }
    assert.ok((kinds.get('runLog') ?? 0) > 0, 'run logs reach onRecord');
    assert.ok((kinds.get('heartbeat') ?? 0) >= 1, 'heartbeat:0 reaches onRecord');
    assert.equal(kinds.get('connected'), 1);
    assert.ok((kinds.get('event') ?? 0) > 0);
  });
}

test('an AbortSignal ends connect() on a live source that never closes', async () => {
  const server = await startReplayServer({ file: join(FIXTURES, 'h1-get-json/ws-capture.ldpb'), port: 0 });
  const controller = new AbortController();
  try {
    const seen: Exchange[] = [];
    const timer = setTimeout(() => controller.abort(), 1500);
    for await (const x of connect(server.url, { signal: controller.signal, tickMs: 50 })) seen.push(x);
    clearTimeout(timer);
    assert.equal(seen.length, 1, 'the one exchange of the recording, then the loop ends on abort');
    assert.equal(seen[0]!.request?.method, 'GET');
  } finally {
    await server.close();
  }
});

test('a live source completes an exchange whose response never comes, on wall-clock ticks', async () => {
  // Only the request event of h1-get-json: the server then stays open and silent.
  const bytes = readFileSync(join(FIXTURES, 'h1-get-json/stream-raw.ldpb'));
  const reader = new DelimitedReader();
  reader.push(bytes);
  const first = reader.next();
  assert.ok(first && 'message' in first);
  const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-'));
  const file = join(dir, 'request-only.ldpb');
  writeFileSync(file, encodeDelimited(first.message));
  const server = await startReplayServer({ file, port: 0 });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  try {
    const seen: Exchange[] = [];
    for await (const x of connect(server.url, { signal: controller.signal, tickMs: 50, http1: { idleTimeoutMs: 300 } })) {
      seen.push(x);
      controller.abort();
    }
    assert.equal(seen.length, 1, 'the idle request is completed before the abort deadline');
    assert.equal(seen[0]!.request?.method, 'GET');
    assert.equal(seen[0]!.response, undefined, 'no response is invented');
    assert.ok(seen[0]!.issues.some((i) => i.code === 'response-missing'));
  } finally {
    clearTimeout(timer);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
