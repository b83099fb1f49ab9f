// RecordingWriter: byte-exact delimited append, back-pressure, errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import { DelimitedReader } from '../../src/source/delimited.js';
import { RecordingWriter } from '../../src/source/write-recording.js';
import { RECORDER_GAP_KEY, recorderGapRunLog } from '../../src/source/recorder-gap.js';
import { FIXTURES } from '../decode/fixture-files.js';

const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-write-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function messagesOf(bytes: Uint8Array): Uint8Array[] {
  const reader = new DelimitedReader();
  reader.push(bytes);
  const out: Uint8Array[] = [];
  for (let step = reader.next(); step && 'message' in step; step = reader.next()) out.push(step.message);
  assert.equal(reader.end(), undefined);
  return out;
}

test('writing a fixture message by message reproduces the file byte for byte', async () => {
  for (const name of ['h2-post/ws-capture.ldpb', 'upstream-testdata/stream-v2.ldpb']) {
    const original = readFileSync(join(FIXTURES, name));
    const path = join(dir, name.replace('/', '-'));
    const writer = new RecordingWriter(path);
    for (const message of messagesOf(original)) await writer.write(message);
    await writer.close();
    assert.ok(readFileSync(path).equals(original), name);
  }
});

test('explicit open(path), stats, append mode, and close without writes', async () => {
  const path = join(dir, 'explicit.ldpb');
  const writer = new RecordingWriter();
  await writer.open(path);
  await writer.write(new Uint8Array([1, 2, 3]));
  assert.deepEqual(writer.stats, { messages: 1, bytes: 3 });
  await writer.close();
  await writer.close();
  const appender = new RecordingWriter(path, { flags: 'a' });
  await appender.write(new Uint8Array([]));
  await appender.close();
  assert.deepEqual([...readFileSync(path)], [3, 1, 2, 3, 0]);
  const empty = join(dir, 'empty.ldpb');
  await new RecordingWriter(empty).close();
  assert.equal(readFileSync(empty).length, 0);
});

test('many writes through a small buffer all land, in order', async () => {
  const path = join(dir, 'pressure.ldpb');
  const writer = new RecordingWriter(path, { highWaterMark: 1024 });
  const count = 400;
  for (let i = 0; i < count; i++) await writer.write(new Uint8Array(4096).fill(i % 251));
  await writer.close();
  const messages = messagesOf(readFileSync(path));
  assert.equal(messages.length, count);
  messages.forEach((m, i) => assert.ok(m.length === 4096 && m[0] === i % 251 && m[4095] === i % 251));
});

test('errors: unwritable path, write after close', async () => {
  const bad = new RecordingWriter(join(dir, 'no', 'such', 'dir', 'x.ldpb'));
  await assert.rejects(bad.write(new Uint8Array([1])), { code: 'recording-write-failed', name: 'RecordingWriteError' });
  await bad.close(); // the error was already reported: close does not throw it again
  const never = new RecordingWriter(join(dir, 'missing-dir', 'y.ldpb'));
  await assert.rejects(never.close(), { code: 'recording-write-failed' });
  const closed = new RecordingWriter(join(dir, 'closed.ldpb'));
  await closed.close();
  await assert.rejects(closed.write(new Uint8Array([1])), { code: 'recording-write-failed' });
  assert.ok(existsSync(join(dir, 'closed.ldpb')));
});

test('recorderGapRunLog is a LogEntry run log with the reserved key', () => {
  const entry = fromBinary(LogEntrySchema, recorderGapRunLog({ reason: 'reconnect', sinceMs: 1_700_000_000_000, untilMs: 1_700_000_002_000 }));
  assert.equal(entry.logType, LogType.PROCESS_LOG);
  assert.equal(entry.payload.case, 'runLog');
  const text = entry.payload.value as string;
  assert.ok(text.endsWith('\n'));
  const json = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(json[RECORDER_GAP_KEY], { reason: 'reconnect', sinceMs: 1_700_000_000_000, untilMs: 1_700_000_002_000 });
  assert.equal(json['time'], '2023-11-14T22:13:22Z');
});
