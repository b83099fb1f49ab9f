// Every fixture stream decodes completely, and each record agrees with the fixture's own ground
// truth: summary.txt for the v1 streams, chunks.jsonl for the v2 and raw streams.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataEvent, StreamRecord, Tuple } from '../../src/decode/records.js';
import { readRecording } from '../../src/source/read-recording.js';
import { FIXTURES, TYPE_NUMBERS, ldpbFiles, readChunks, scenarios, summarySection, type DataChunk } from './fixture-files.js';

const V1_FILES = ['stream.ldpb', 'stream-untracked.ldpb', 'ws-capture.ldpb'];
const V2_BASE_MS = Date.UTC(2026, 10, 23, 4, 9, 15, 0);

async function readAll(scenario: string, file: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  for await (const record of readRecording(join(FIXTURES, scenario, file))) out.push(record);
  return out;
}

function tupleText(tuple: Tuple | undefined): string | undefined {
  return tuple === undefined ? undefined : `${tuple.client.ip}:${tuple.client.port}-${tuple.server.ip}:${tuple.server.port}`;
}

function dataEvents(records: StreamRecord[]): Array<DataEvent & StreamRecord> {
  return records.filter((r): r is DataEvent & StreamRecord => r.kind === 'event' && r.sub === 'data');
}

function isDataChunk(chunk: ReturnType<typeof readChunks>[number]): chunk is DataChunk {
  return chunk.kind === 'data';
}

interface ConnectionTruth {
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  tuple: string;
  uuid_write: string;
  uuid_read: string;
  uuid_write_untracked: string;
  uuid_read_untracked: string;
}

function connections(scenario: string): ConnectionTruth[] {
  const path = join(FIXTURES, scenario, 'expected.json');
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, 'utf8')) as { connections: ConnectionTruth[] }).connections;
}

test('every fixture stream decodes with no undecodable record and seq counting from 0', async () => {
  let files = 0;
  for (const scenario of scenarios()) {
    for (const file of ldpbFiles(scenario)) {
      const records = await readAll(scenario, file);
      files++;
      const bad = records.filter((r) => r.kind === 'undecodable');
      assert.deepEqual(bad, [], `${scenario}/${file}`);
      assert.ok(records.length > 0, `${scenario}/${file} is empty`);
      records.forEach((r, i) => assert.equal(r.seq, i, `${scenario}/${file} seq`));
      assert.ok(records.every((r) => r.kind !== 'gap'), `${scenario}/${file}: no gap in a clean recording`);
    }
  }
  assert.ok(files >= 40, `expected the whole fixture set, read ${files} files`);
});

test('v1 streams: one record per summary.txt line, with its kind, type, length, uuid and timestamp', async () => {
  for (const scenario of scenarios()) {
    for (const file of V1_FILES) {
      const summary = summarySection(scenario, file);
      if (!summary) continue;
      const records = await readAll(scenario, file);
      assert.equal(records.length, summary.length, `${scenario}/${file}: count`);
      summary.forEach((line, i) => {
        const record = records[i]!;
        const where = `${scenario}/${file} #${i}`;
        if (line.kind === 'RUN_LOG') {
          assert.equal(record.kind, 'runLog', where);
          if (record.kind !== 'runLog') return;
          assert.equal(typeof record.fields?.['level'], 'string', `${where}: zerolog JSON fields`);
          assert.equal(typeof record.timeMs, 'number', `${where}: time parsed`);
        } else if (line.kind === 'HEARTBEAT') {
          assert.equal(record.kind, 'heartbeat', where);
          if (record.kind !== 'heartbeat') return;
          assert.equal(record.count, 0, where);
          assert.equal(record.message, 'heartbeat:0', where);
          assert.ok(record.timestamp > 1_700_000_000, `${where}: Unix seconds`);
        } else {
          assert.equal(record.kind, 'event', where);
          if (record.kind !== 'event' || record.sub !== 'data') return assert.fail(`${where}: not a data event`);
          assert.equal(record.type, TYPE_NUMBERS[line.typeName!], `${where}: type`);
          assert.equal(record.payload.length, line.len, `${where}: payload length`);
          assert.equal(record.rawUuid, line.uuid, `${where}: uuid`);
          assert.deepEqual(record.time, { clock: 'boot-ns', ns: line.ts }, `${where}: time`);
          assert.ok(record.dialect === 'v1' || record.dialect === 'v1-or-raw', `${where}: dialect ${record.dialect}`);
          assert.deepEqual(record.flags, [], `${where}: flags`);
        }
      });
    }
  }
});

test('ws-capture.ldpb: run logs, then heartbeat:0, then events', async () => {
  for (const scenario of scenarios()) {
    if (!ldpbFiles(scenario).includes('ws-capture.ldpb')) continue;
    const kinds = (await readAll(scenario, 'ws-capture.ldpb')).map((r) => r.kind);
    const firstHeartbeat = kinds.indexOf('heartbeat');
    assert.ok(firstHeartbeat > 0, scenario);
    assert.ok(kinds.slice(0, firstHeartbeat).every((k) => k === 'runLog'), `${scenario}: run logs first`);
    assert.ok(kinds.slice(firstHeartbeat + 1).every((k) => k === 'event'), `${scenario}: events after the heartbeat`);
    assert.ok(kinds.length > firstHeartbeat + 1, `${scenario}: has events`);
  }
});

test('v1 streams: pid, tid, comm, fd, direction, tuple and tracking agree with expected.json', async () => {
  for (const scenario of scenarios()) {
    const truth = connections(scenario);
    if (truth.length === 0) continue;
    for (const file of ['stream.ldpb', 'stream-untracked.ldpb']) {
      const untracked = file === 'stream-untracked.ldpb';
      for (const event of dataEvents(await readAll(scenario, file))) {
        const where = `${scenario}/${file} ${event.rawUuid}`;
        const conn = truth.find((c) => [c.uuid_write, c.uuid_read, c.uuid_write_untracked, c.uuid_read_untracked].includes(event.rawUuid));
        assert.ok(conn, `${where}: uuid names a connection`);
        const write = event.rawUuid === conn.uuid_write || event.rawUuid === conn.uuid_write_untracked;
        assert.equal(event.pid, conn.pid, where);
        assert.equal(event.tid, conn.tid, where);
        assert.equal(event.comm, conn.comm, where);
        assert.equal(event.fd, conn.fd, where);
        assert.equal(event.direction, write ? 'write' : 'read', where);
        assert.equal(event.tracked, !untracked, where);
        assert.equal(event.uuid.form, untracked ? 'untracked' : 'tracked', where);
        assert.equal(tupleText(event.tuple), untracked ? undefined : conn.tuple, where);
      }
    }
  }
});

test('stream-v2.ldpb: connect line, data lines and destroy lines exactly as chunks.jsonl orders them', async () => {
  for (const scenario of scenarios()) {
    const chunks = readChunks(scenario);
    const records = await readAll(scenario, 'stream-v2.ldpb');
    const seen = new Set<string>();
    let i = 0;
    let dataCount = 0;
    let closeCount = 0;
    const connected = new Set<string>();
    for (const chunk of chunks) {
      if (chunk.kind === 'close') {
        closeCount++;
        const record = records[i++];
        assert.ok(record?.kind === 'event' && record.sub === 'connect', `${scenario}: destroy line for close of ${chunk.conn}`);
        assert.equal(record.destroy, true, scenario);
        assert.deepEqual([record.pid, record.tid, record.fd, record.comm], [0, 0, 0, ''], scenario);
        assert.deepEqual(record.tuple, { client: { ip: '::', port: 0 }, server: { ip: '::', port: 0 } }, scenario);
        continue;
      }
      dataCount++;
      if (chunk.conn !== undefined && chunk.tuple !== undefined && !seen.has(chunk.conn)) {
        seen.add(chunk.conn);
        connected.add(chunk.conn);
        const record = records[i++];
        assert.ok(record?.kind === 'event' && record.sub === 'connect', `${scenario}: connect line before ${chunk.conn}`);
        assert.equal(record.destroy, false, scenario);
        assert.deepEqual([record.pid, record.tid, record.comm, record.fd], [chunk.pid, chunk.tid, chunk.comm, chunk.fd], scenario);
        assert.equal(tupleText(record.tuple), chunk.tuple, scenario);
      }
      const record = records[i++];
      const where = `${scenario} record ${i - 1}`;
      assert.ok(record?.kind === 'event' && record.sub === 'data', `${where}: data line`);
      assert.equal(record.dialect, 'v2', where);
      assert.deepEqual(
        [record.pid, record.tid, record.comm, record.fd, record.direction],
        [chunk.pid, chunk.tid, chunk.comm, chunk.fd, chunk.data_type === 1 ? 'write' : 'read'],
        where,
      );
      assert.ok(Buffer.from(record.payload).equals(chunk.data), `${where}: payload bytes`);
      const ms = V2_BASE_MS + Math.floor(chunk.t_ms);
      assert.equal(record.time.clock, 'local', where);
      if (record.time.clock === 'local') assert.equal(record.time.ms, ms, `${where}: time`);
      assert.equal(record.rawUuid, '', where);
      assert.equal(record.uuid.form, 'none', where);
      const expectedFlags = chunk.data.length === 16384 ? ['possibly-truncated'] : [];
      assert.deepEqual(record.flags, expectedFlags, where);
    }
    assert.equal(records.length, dataCount + closeCount + connected.size, `${scenario}: v2 record count`);
    assert.equal(i, records.length, `${scenario}: nothing left over`);
  }
});

test('stream-raw.ldpb: one event per data chunk with its fields and bytes', async () => {
  for (const scenario of scenarios()) {
    const chunks = readChunks(scenario).filter(isDataChunk);
    const records = await readAll(scenario, 'stream-raw.ldpb');
    assert.equal(records.length, chunks.length, `${scenario}: raw record count`);
    chunks.forEach((chunk, i) => {
      const record = records[i]!;
      const where = `${scenario} raw #${i}`;
      if (record.kind !== 'event' || record.sub !== 'data') return assert.fail(`${where}: not a data event`);
      assert.ok(record.dialect === 'raw' || record.dialect === 'v1-or-raw', `${where}: dialect ${record.dialect}`);
      assert.deepEqual(
        [record.pid, record.tid, record.comm, record.fd, record.direction],
        [chunk.pid, chunk.tid, chunk.comm, chunk.fd, chunk.data_type === 1 ? 'write' : 'read'],
        where,
      );
      assert.deepEqual(record.time, { clock: 'boot-ns', ns: chunk.ts_ns }, where);
      assert.ok(Buffer.from(record.payload).equals(chunk.data), `${where}: payload bytes`);
      if (chunk.tuple === undefined) {
        assert.equal(record.tuple, undefined, `${where}: placeholder tuple is no tuple`);
        assert.equal(record.tracked, false, where);
      } else {
        assert.equal(tupleText(record.tuple), chunk.tuple, where);
      }
    });
  }
});

function concatByKey(items: Array<{ pid: number; fd: number; direction: string; bytes: Uint8Array }>): Map<string, Buffer> {
  const parts = new Map<string, Buffer[]>();
  for (const item of items) {
    const key = `${item.pid}/${item.fd}/${item.direction}`;
    const list = parts.get(key) ?? [];
    list.push(Buffer.from(item.bytes));
    parts.set(key, list);
  }
  return new Map([...parts].map(([key, list]) => [key, Buffer.concat(list)]));
}

test('stream-v2.ldpb and stream-raw.ldpb: per (pid, fd, direction) the payload bytes are the chunk bytes', async () => {
  for (const scenario of scenarios()) {
    const expected = concatByKey(
      readChunks(scenario)
        .filter(isDataChunk)
        .map((c) => ({ pid: c.pid, fd: c.fd, direction: c.data_type === 1 ? 'write' : 'read', bytes: c.data })),
    );
    for (const file of ['stream-v2.ldpb', 'stream-raw.ldpb']) {
      const actual = concatByKey(
        dataEvents(await readAll(scenario, file)).map((e) => ({ pid: e.pid, fd: e.fd ?? -1, direction: e.direction ?? '?', bytes: e.payload })),
      );
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${scenario}/${file} keys`);
      for (const [key, bytes] of expected) assert.ok(actual.get(key)!.equals(bytes), `${scenario}/${file} ${key}`);
    }
  }
});

test('dialect: v1 files never say raw, raw files never say v1', async () => {
  for (const scenario of scenarios()) {
    for (const file of ldpbFiles(scenario)) {
      for (const event of dataEvents(await readAll(scenario, file))) {
        const where = `${scenario}/${file} ${event.rawUuid}`;
        if (file === 'stream-v2.ldpb') assert.equal(event.dialect, 'v2', where);
        else if (file === 'stream-raw.ldpb') assert.notEqual(event.dialect, 'v1', where);
        else assert.ok(event.dialect !== 'raw' && event.dialect !== 'v2', `${where}: ${event.dialect}`);
      }
    }
  }
});

async function eventsOf(scenario: string, file: string): Promise<DataEvent[]> {
  return dataEvents(await readAll(scenario, file));
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

test('decisive cases: HTTP/2 dumps are v1, HTTP/2 chunks are raw', async () => {
  for (const scenario of ['h2-curl-prior-knowledge', 'h2-post', 'h2-spread-flush']) {
    for (const event of await eventsOf(scenario, 'stream.ldpb')) {
      assert.ok(text(event.payload).startsWith('\nFrame Type\t=>\t'), scenario);
      assert.equal(event.dialect, 'v1', scenario);
    }
    for (const event of await eventsOf(scenario, 'stream-raw.ldpb')) assert.equal(event.dialect, 'raw', scenario);
  }
});

test('decisive cases: h1-chunked raw chunks are raw, the v1 de-chunked response is v1', async () => {
  const raw = await eventsOf('h1-chunked', 'stream-raw.ldpb');
  const responseHead = raw.find((e) => e.type === 3 && text(e.payload).startsWith('HTTP/1.1 200'));
  assert.ok(responseHead && /transfer-encoding: chunked/i.test(text(responseHead.payload)));
  assert.equal(responseHead.dialect, 'raw');
  const bodyChunks = raw.filter((e) => e.type === 3 && /^[0-9a-f]+\r\n/.test(text(e.payload)));
  assert.ok(bodyChunks.length >= 3, 'the fixture has mid-body chunks');
  for (const chunk of bodyChunks) assert.equal(chunk.dialect, 'raw');

  const v1 = (await eventsOf('h1-chunked', 'stream.ldpb')).find((e) => e.type === 3);
  assert.ok(v1 && text(v1.payload).includes('Transfer-Encoding: chunked\r\n'));
  const body = text(v1.payload).split('\r\n\r\n')[1]!;
  assert.ok(!/^[0-9a-f]+\r\n/.test(body), 'the v1 body is de-chunked');
  assert.equal(v1.dialect, 'v1');
});

test('decisive cases: gzip bodies (v1 gunzipped, raw still 1f 8b)', async () => {
  const v1 = (await eventsOf('h1-gzip-compressed', 'stream.ldpb')).find((e) => e.type === 3);
  assert.equal(v1?.dialect, 'v1');
  const raw = (await eventsOf('h1-gzip-compressed', 'stream-raw.ldpb')).find((e) => e.type === 3);
  assert.ok(raw && text(raw.payload).includes('\r\n\r\n\x1f\x8b'));
  assert.equal(raw.dialect, 'raw');
});

test('decisive cases: LF-only wget request in upstream raw data is raw; its v1 rendering is not', async () => {
  const raw = (await eventsOf('upstream-testdata', 'stream-raw.ldpb')).find((e) => text(e.payload).startsWith('GET / HTTP/1.1\nUser-Agent: wget/'));
  assert.ok(raw, 'fixture has the LF-only wget request');
  assert.equal(raw.dialect, 'raw');
  const v1 = (await eventsOf('upstream-testdata', 'stream.ldpb')).find((e) => e.rawUuid === raw.rawUuid.replace(/_0\.0\.0\.0:0-0\.0\.0\.0:0$/, ''));
  assert.ok(v1 && text(v1.payload).startsWith('GET / HTTP/1.1\r\nHost: '));
  assert.notEqual(v1.dialect, 'raw');
  assert.equal(v1.uuid.form, 'no-tuple');
  assert.equal(v1.tracked, undefined);
});
