import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamRecord } from '../../src/decode/records.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { readRecording } from '../../src/source/read-recording.js';
import { RECORDER_GAP_KEY } from '../../src/source/recorder-gap.js';
import { record } from '../../src/source/recorder.js';
import { startReplayServer } from '../../src/source/replay-server.js';
import { numberedEventEntry, startEcaptureLikeServer } from './support/ecapture-like-server.js';
import { SCENARIOS, eventNumbers, fixturePath, readAll, splitDelimitedFile, waitFor } from './support/helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'ecapture-http-recorder-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

for (const scenario of SCENARIOS) {
  test(`record(replay(${scenario}/ws-capture.ldpb)) is byte-identical to the file`, { timeout: 10_000 }, async () => {
    const original = fixturePath(scenario, 'ws-capture.ldpb');
    const server = await startReplayServer({ file: original, closeWhenDone: true });
    const out = join(scratch, `${scenario}.ldpb`);
    const seen: StreamRecord[] = [];
    try {
      const result = await record(server.url, out, { reconnect: false, signal: AbortSignal.timeout(5000), onRecord: (r) => seen.push(r) });
      const entries = splitDelimitedFile(original);
      assert.deepEqual(readFileSync(out), readFileSync(original));
      assert.equal(result.messages, entries.length);
      assert.equal(result.bytes, entries.reduce((sum, e) => sum + e.length, 0));
      assert.equal(result.gaps, 0);
      assert.equal(result.textFramesSkipped, 0);
      assert.deepEqual(
        seen.map((r) => r.kind).filter((k) => k === 'connected' || k === 'disconnected' || k === 'gap'),
        ['connected', 'disconnected', 'gap'],
      );
      assert.equal(seen.length, entries.length + 3);
    } finally {
      await server.close();
    }
  });
}

test('recording an events-only replay: synthesised start, then the file verbatim', { timeout: 10_000 }, async () => {
  const original = fixturePath('h2-post', 'stream.ldpb');
  const server = await startReplayServer({ file: original, closeWhenDone: true });
  const out = join(scratch, 'events-only.ldpb');
  try {
    await record(server.url, out, { reconnect: false, signal: AbortSignal.timeout(5000) });
  } finally {
    await server.close();
  }
  const recorded = readFileSync(out);
  const source = readFileSync(original);
  assert.deepEqual(recorded.subarray(recorded.length - source.length), source);
  const head = splitDelimitedFile(out).slice(0, splitDelimitedFile(out).length - splitDelimitedFile(original).length);
  assert.deepEqual(
    head.map((entry) => decodeLogEntry(entry).kind),
    [...Array(head.length - 1).fill('runLog'), 'heartbeat'],
  );
});

test('a reconnect while recording is written as a recorder gap, and replays as a gap', { timeout: 15_000 }, async () => {
  const server = await startEcaptureLikeServer({ heartbeatIntervalMs: 60_000 });
  const out = join(scratch, 'with-gap.ldpb');
  const stop = new AbortController();
  const seen: StreamRecord[] = [];
  const recording = record(server.url, out, { reconnect: { initialDelayMs: 20, maxDelayMs: 40 }, signal: stop.signal, onRecord: (r) => seen.push(r) });
  let result;
  try {
    await waitFor(() => seen.some((r) => r.kind === 'heartbeat'), 'the first heartbeat');
    server.broadcast(numberedEventEntry(0));
    await waitFor(() => eventNumbers(seen).includes(0), 'event 0');
    for (const client of server.clients) client.terminate();
    await waitFor(() => seen.filter((r) => r.kind === 'heartbeat').length === 2, 'the heartbeat of the second connection');
    server.broadcast(numberedEventEntry(1));
    await waitFor(() => eventNumbers(seen).includes(1), 'event 1');
  } finally {
    stop.abort();
    result = await recording;
    await server.close();
  }
  assert.equal(result.gaps, 1);
  const entries = splitDelimitedFile(out).map((entry) => decodeLogEntry(entry));
  const kinds = entries.map((r) => (r.kind === 'runLog' && r.text.includes(RECORDER_GAP_KEY) ? 'recorder-gap' : r.kind));
  // 3 run logs, heartbeat:0, event 0 | gap | the replayed run logs left out, heartbeat:0, event 1.
  assert.deepEqual(kinds, ['runLog', 'runLog', 'runLog', 'heartbeat', 'event', 'recorder-gap', 'heartbeat', 'event']);
  assert.equal(result.messages, 7);

  const replayed = await readAll(readRecording(out));
  const gaps = replayed.filter((r) => r.kind === 'gap');
  assert.ok(gaps.length >= 1);
  assert.ok(gaps.some((g) => g.kind === 'gap' && g.reason === 'recorder-gap' && g.sinceMs !== undefined && g.untilMs !== undefined));
  assert.deepEqual(eventNumbers(replayed), [0, 1]);
});
