// Found by the interleaving fuzz: v2 connect lines that arrive before the source's first data
// event. Two connections open at the start of a capture (connect A, connect B, then data): the
// first data event moves stream time from -Infinity and the idle check ends B, whose connect line
// was stamped with that -Infinity; B's data then opens a second generation without its tuple.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleExchanges } from '../../src/api/assemble-exchanges.js';
import type { StreamRecord } from '../../src/decode/records.js';
import type { Exchange } from '../../src/model/exchange.js';

const T0 = 1_790_000_000_000n * 1_000_000n;
const encoder = new TextEncoder();

function connect(fd: number): StreamRecord {
  const tuple = { client: { ip: '10.0.0.1', port: 40_000 + fd }, server: { ip: '10.0.0.2', port: 443 } };
  return { kind: 'event', sub: 'connect', dialect: 'v2', pid: 7, tid: 7, comm: 'curl', fd, tuple, destroy: false, seq: 0, receivedAt: 0 };
}

function data(fd: number, direction: 'read' | 'write', text: string, ms: number): StreamRecord {
  return {
    kind: 'event',
    sub: 'data',
    dialect: 'v2',
    type: 0,
    pid: 7,
    tid: 7,
    comm: 'curl',
    fd,
    direction,
    uuid: { form: 'none' },
    rawUuid: '',
    time: { clock: 'unix-ns', ns: T0 + BigInt(ms) * 1_000_000n },
    payload: encoder.encode(text),
    flags: [],
    seq: 0,
    receivedAt: 0,
  };
}

async function exchangesOf(records: StreamRecord[]): Promise<Exchange[]> {
  async function* source(): AsyncGenerator<StreamRecord> {
    yield* records.map((r, seq) => ({ ...r, seq }));
  }
  const out: Exchange[] = [];
  for await (const x of assembleExchanges(source())) out.push(x);
  return out;
}

test(
  'two v2 connect lines before any data: both connections keep their tuple and generation 1',

  async () => {
    const xs = await exchangesOf([
      connect(5),
      connect(6),
      data(5, 'write', 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n', 0),
      data(6, 'write', 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n', 1),
      data(5, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 2),
      data(6, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 3),
    ]);
    assert.deepEqual(
      xs.map((x) => [x.id, x.request?.target, x.connection.client?.port]),
      [
        ['7:5:1#0', '/a', 40_005],
        ['7:6:1#0', '/b', 40_006],
      ],
    );
  },
);

test('control: a connect line right before its own first data keeps its tuple', async () => {
  const xs = await exchangesOf([
    connect(5),
    data(5, 'write', 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n', 0),
    connect(6),
    data(6, 'write', 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n', 1),
    data(5, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 2),
    data(6, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 3),
  ]);
  assert.deepEqual(
    xs.map((x) => [x.id, x.request?.target, x.connection.client?.port]),
    [
      ['7:5:1#0', '/a', 40_005],
      ['7:6:1#0', '/b', 40_006],
    ],
  );
});
