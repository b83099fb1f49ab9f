// readRecording: streaming a .ldpb file into StreamRecords, with bad tails, oversized records,
// reconnect gaps and recorder gaps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { LogEntrySchema } from '../../src/gen/ecaptureq_pb.js';
import type { StreamRecord } from '../../src/decode/records.js';
import { readRecording, type ReadRecordingOptions } from '../../src/source/read-recording.js';
import { encodeDelimited, encodeVarint } from '../../src/source/delimited.js';
import { RECORDER_GAP_KEY, recorderGapRunLog } from '../../src/source/recorder-gap.js';
import { FIXTURES } from '../decode/fixture-files.js';

const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-read-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function tempFile(bytes: Uint8Array): string {
  const path = join(dir, `r${fileCount++}.ldpb`);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string, options?: ReadRecordingOptions): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  for await (const record of readRecording(path, options)) out.push(record);
  return out;
}

/** Records without their arrival time, for comparing two reads. */
function stable(records: StreamRecord[]): unknown[] {
  return records.map(({ receivedAt: _receivedAt, ...rest }) => rest);
}

const wsCapture = readFileSync(join(FIXTURES, 'h1-get-json', 'ws-capture.ldpb'));

test('records carry seq from 0 and a wall-clock receivedAt', async () => {
  const before = Date.now();
  const records = await readAll(join(FIXTURES, 'h1-get-json', 'ws-capture.ldpb'));
  assert.equal(records.length, 18);
  records.forEach((r, i) => {
    assert.equal(r.seq, i);
    assert.ok(r.receivedAt >= before && r.receivedAt <= Date.now());
  });
});

test('tiny read chunks give the same records', async () => {
  const path = join(FIXTURES, 'h2-post', 'ws-capture.ldpb');
  assert.deepEqual(stable(await readAll(path, { highWaterMark: 7 })), stable(await readAll(path)));
});

test('a truncated tail yields undecodable truncated-record at its offset; earlier records stay', async () => {
  const original = await readAll(join(FIXTURES, 'h1-get-json', 'ws-capture.ldpb'));
  const partial = encodeDelimited(new Uint8Array(40).fill(0x41)).subarray(0, 20);
  const records = await readAll(tempFile(Buffer.concat([wsCapture, partial])));
  assert.deepEqual(stable(records.slice(0, -1)), stable(original));
  const last = records.at(-1)!;
  assert.ok(last.kind === 'undecodable');
  assert.deepEqual([last.code, last.offset, last.byteLength, last.seq], ['truncated-record', wsCapture.length, 20, original.length]);
});

test('a first varint declaring 100 MB is oversized-record at once', async () => {
  const records = await readAll(tempFile(Buffer.concat([encodeVarint(100_000_000), Buffer.from('abc')])));
  assert.equal(records.length, 1);
  const [record] = records;
  assert.ok(record?.kind === 'undecodable');
  assert.deepEqual([record.code, record.offset, record.byteLength], ['oversized-record', 0, 100_000_000]);
});

test('under a higher limit the same file is a truncated record, and 100 MB are never allocated', async () => {
  const before = process.memoryUsage().arrayBuffers;
  const records = await readAll(tempFile(Buffer.concat([encodeVarint(100_000_000), Buffer.from('abc')])), { maxMessageBytes: 200_000_000 });
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.equal(records.length, 1);
  assert.ok(records[0]?.kind === 'undecodable' && records[0].code === 'truncated-record' && records[0].offset === 0);
  assert.ok(grown < 50_000_000, `arrayBuffers grew by ${grown}`);
});

test('a bad varint after good records stops there', async () => {
  const records = await readAll(tempFile(Buffer.concat([wsCapture, Buffer.alloc(11, 0xff), wsCapture])));
  assert.equal(records.length, 19);
  const last = records.at(-1)!;
  assert.ok(last.kind === 'undecodable');
  assert.deepEqual([last.code, last.offset], ['bad-varint', wsCapture.length]);
});

test('an undecodable message inside a recording carries its offset and reading goes on', async () => {
  const garbage = encodeDelimited(new Uint8Array([0x12, 0x05, 0x01]));
  const records = await readAll(tempFile(Buffer.concat([garbage, wsCapture])));
  assert.equal(records.length, 19);
  assert.ok(records[0]?.kind === 'undecodable');
  assert.deepEqual([records[0].code, records[0].offset], ['malformed-protobuf', 0]);
});

test('a second heartbeat:0 means the recorder reconnected: a gap precedes it', async () => {
  const records = await readAll(tempFile(Buffer.concat([wsCapture, wsCapture])));
  assert.equal(records.length, 18 * 2 + 1);
  const heartbeats = records.flatMap((r, i) => (r.kind === 'heartbeat' ? [i] : []));
  assert.equal(heartbeats.length, 2);
  const gaps = records.filter((r) => r.kind === 'gap');
  assert.equal(gaps.length, 1);
  const gap = records[heartbeats[1]! - 1]!;
  const heartbeat = records[heartbeats[1]!]!;
  assert.ok(gap.kind === 'gap' && heartbeat.kind === 'heartbeat');
  assert.equal(gap.reason, 'recording-reconnect');
  assert.equal(gap.untilMs, heartbeat.timestamp * 1000);
  assert.notEqual(records[heartbeats[0]! - 1]?.kind, 'gap');
});

test('later heartbeats with a count are no gap', async () => {
  const hb = (count: bigint) =>
    encodeDelimited(toBinary(LogEntrySchema, create(LogEntrySchema, { payload: { case: 'heartbeatPayload', value: { timestamp: 5n, count, message: `heartbeat:${count}` } } })));
  const records = await readAll(tempFile(Buffer.concat([hb(0n), hb(1n), hb(2n), hb(0n), hb(1n)])));
  assert.deepEqual(records.map((r) => r.kind), ['heartbeat', 'heartbeat', 'heartbeat', 'gap', 'heartbeat', 'heartbeat']);
});

test('a recorder gap run log becomes a gap record (and no run log)', async () => {
  const gapEntry = recorderGapRunLog({ reason: 'queue-overflow', sinceMs: 1_700_000_000_000, untilMs: 1_700_000_001_500, dropped: 3 });
  const records = await readAll(tempFile(Buffer.concat([wsCapture, encodeDelimited(gapEntry), wsCapture.subarray(0, 50)])));
  const gaps = records.filter((r) => r.kind === 'gap');
  assert.deepEqual(gaps.map(({ seq: _s, receivedAt: _r, ...rest }) => rest), [
    { kind: 'gap', reason: 'recorder-gap', detail: 'queue-overflow', sinceMs: 1_700_000_000_000, untilMs: 1_700_000_001_500, dropped: 3 },
  ]);
  assert.equal(records[18]?.kind, 'gap');
  assert.ok(!records.some((r) => r.kind === 'runLog' && r.text.includes(RECORDER_GAP_KEY)));
});

test('a signal that aborts mid-way ends the iteration quietly', async () => {
  const controller = new AbortController();
  const seen: StreamRecord[] = [];
  for await (const record of readRecording(join(FIXTURES, 'h2-post', 'ws-capture.ldpb'), { signal: controller.signal, highWaterMark: 256 })) {
    seen.push(record);
    if (seen.length === 3) controller.abort();
  }
  assert.equal(seen.length, 3);
  const aborted = new AbortController();
  aborted.abort();
  assert.deepEqual(await readAll(join(FIXTURES, 'h2-post', 'ws-capture.ldpb'), { signal: aborted.signal }), []);
});

test('a missing file rejects with the fs error', async () => {
  await assert.rejects(readAll(join(dir, 'missing.ldpb')), { code: 'ENOENT' });
});

test('decode options reach the decoder', async () => {
  const records = await readAll(join(FIXTURES, 'h1-get-json', 'stream.ldpb'), { decode: { dialect: 'raw' } });
  assert.ok(records.every((r) => r.kind === 'event' && r.sub === 'data' && r.dialect === 'raw'));
});
