// Connection identity in the stream layer: (pid, fd, generation), the tuple attached late,
// a new tuple or connect line on a reused fd starts a new generation, tid never splits a
// connection, and the open-connection cap evicts the idle one, flagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assembleExchanges } from '../../src/api/assemble-exchanges.js';
import { readRecording } from '../../src/source/read-recording.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';
import { FIXTURES } from '../support/expected.js';
import { withoutTimes } from '../support/strip-times.js';

async function recordsOf(scenario: string, file: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  for await (const r of readRecording(join(FIXTURES, scenario, file))) out.push(r);
  return out;
}

async function exchangesOf(records: StreamRecord[], options = {}): Promise<Exchange[]> {
  async function* source() {
    yield* records;
  }
  const out: Exchange[] = [];
  for await (const x of assembleExchanges(source(), options)) out.push(x);
  return out;
}

const isConnect = (r: StreamRecord) => r.kind === 'event' && r.sub === 'connect' && !r.destroy;
const isData = (r: StreamRecord) => r.kind === 'event' && r.sub === 'data';

test('a v2 connect line that arrives after the first data still attaches its tuple', async () => {
  const records = await recordsOf('h2-post', 'stream-v2.ldpb');
  const baseline = await exchangesOf(records);
  // Move every connect line to just after the first data line of its (pid, fd).
  const late: StreamRecord[] = [];
  const pending = new Map<string, StreamRecord>();
  for (const r of records) {
    if (r.kind === 'event' && r.sub === 'connect' && !r.destroy) {
      pending.set(`${r.pid}:${r.fd}`, r);
      continue;
    }
    late.push(r);
    if (r.kind === 'event' && r.sub === 'data') {
      const key = `${r.pid}:${r.fd}`;
      const connect = pending.get(key);
      if (connect) {
        late.push(connect);
        pending.delete(key);
      }
    }
  }
  assert.ok(late.filter(isConnect).length >= 2, 'the scenario has connect lines');
  const moved = await exchangesOf(late);
  assert.deepEqual(moved.map(withoutTimes), baseline.map(withoutTimes));
  for (const x of moved) {
    assert.ok(x.connection.client && x.connection.server, `${x.id} has its endpoints`);
    assert.equal(x.connection.server.port, 28114);
  }
});

test('a reused fd with a new connect line is a new generation with its own endpoints', async () => {
  const first = await recordsOf('h1-get-json', 'stream-v2.ldpb');
  const second = await recordsOf('h1-gzip-compressed', 'stream-v2.ldpb');
  const rewrite = (r: StreamRecord): StreamRecord => {
    if (r.kind === 'event' && (r.sub === 'data' || r.sub === 'connect')) return { ...r, pid: 4242, fd: 7 } as StreamRecord;
    return r;
  };
  const exchanges = await exchangesOf([...first, ...second].map(rewrite));
  assert.deepEqual(
    exchanges.map((x) => [x.connection.id, x.request?.target, x.connection.server?.port]),
    [
      ['4242:7:1', '/json', 28100],
      ['4242:7:2', '/gzip', 28104],
    ],
  );
});

test('a raw connection whose reads and writes come from different threads is one connection', async () => {
  const records = await recordsOf('h1-keepalive-timing', 'stream-raw.ldpb');
  const baseline = await exchangesOf(records);
  let n = 0;
  const shuffledTids = records.map((r) => (isData(r) ? ({ ...r, tid: 1000 + (n++ % 3) } as StreamRecord) : r));
  const exchanges = await exchangesOf(shuffledTids);
  assert.equal(exchanges.length, 5);
  assert.equal(new Set(exchanges.map((x) => x.connection.id)).size, 1);
  const strip = (x: Exchange) => {
    const y = withoutTimes(x) as { connection: { tid?: number } };
    delete y.connection.tid;
    return y;
  };
  assert.deepEqual(exchanges.map(strip), baseline.map(strip));
});

test('beyond the open-connection cap the connection idle the longest is ended, flagged', async () => {
  // Two HTTP/1 connections interleaved: the first request's connection is evicted when the
  // second opens, so its exchange comes out without a response and flagged.
  const a = (await recordsOf('h1-get-json', 'stream-raw.ldpb')).filter(isData);
  const b = (await recordsOf('h1-chunked', 'stream-raw.ldpb')).filter(isData);
  const records = [a[0]!, ...b, a[1]!];
  const exchanges = await exchangesOf(records, { maxConnections: 1 });
  const evicted = exchanges.filter((x) => x.issues.some((i) => i.code === 'connection-evicted'));
  assert.ok(evicted.length >= 1, 'an exchange of the evicted connection is flagged');
  assert.equal(evicted[0]!.request?.target, '/json');
  assert.equal(evicted[0]!.response, undefined, 'no response is invented for the evicted request');
  const chunked = exchanges.find((x) => x.request?.target === '/chunked');
  assert.equal(chunked?.response?.status, 200, 'the live connection is untouched');
});
