import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedRecord } from '../../src/decode/records.js';
import { RunLogReplayFilter } from '../../src/source/run-log-replay-filter.js';

const runLog = (text: string): DecodedRecord => ({ kind: 'runLog', text });
const heartbeat: DecodedRecord = { kind: 'heartbeat', timestamp: 0, count: 0, message: 'heartbeat:0' };

function kept(filter: RunLogReplayFilter, records: DecodedRecord[], nowMs = 0): string[] {
  return records.filter((r) => !filter.isRepeat(r, nowMs)).map((r) => (r.kind === 'runLog' ? r.text : r.kind));
}

test('the replay of a reconnect is dropped, the first connection keeps everything', () => {
  const filter = new RunLogReplayFilter();
  filter.startConnection(0);
  assert.deepEqual(kept(filter, [runLog('a'), runLog('a'), runLog('b'), heartbeat, runLog('live')]), ['a', 'a', 'b', 'heartbeat', 'live']);
  filter.startConnection(1000);
  assert.deepEqual(kept(filter, [runLog('a'), runLog('a'), runLog('b'), heartbeat, runLog('a')], 1000), ['heartbeat', 'a']);
});

test('lines a client missed during start-up are new on its next connection', () => {
  const filter = new RunLogReplayFilter();
  filter.startConnection(0);
  assert.deepEqual(kept(filter, [heartbeat]), ['heartbeat']);
  filter.startConnection(10);
  assert.deepEqual(kept(filter, [runLog('x'), runLog('y'), heartbeat], 10), ['x', 'y', 'heartbeat']);
  filter.startConnection(20);
  assert.deepEqual(kept(filter, [runLog('x'), runLog('y'), runLog('z'), heartbeat], 20), ['z', 'heartbeat']);
});

test('without a heartbeat the replay phase still ends (after 129 lines or 10 s)', () => {
  const filter = new RunLogReplayFilter();
  filter.startConnection(0);
  const lines = Array.from({ length: 130 }, (_, i) => runLog(`line ${i}`));
  kept(filter, lines);
  filter.startConnection(0);
  // 129 replayed lines are dropped; the 130th is live even though its text was seen.
  assert.deepEqual(kept(filter, [...lines.slice(0, 129), runLog('line 0')]), ['line 0']);
  filter.startConnection(0);
  assert.deepEqual(kept(filter, [runLog('line 1')], 10_001), ['line 1']);
});
