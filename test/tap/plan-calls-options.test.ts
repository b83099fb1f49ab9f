// planCalls on a hand-made recording: side flip, capture start, the 16 KiB call cap, connect
// placement, identities. Deterministic: no sockets.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planCalls, readEvents, renderCalls } from '../support/tap/index.js';
import type { CapturedCall, TapChunk, TapConnection, TapRecording } from '../support/tap/index.js';

const conn = (id: number, clientPort: number): TapConnection => ({
  id,
  protocol: 'http1',
  client: { ip: '127.0.0.1', port: clientPort },
  relay: { ip: '127.0.0.1', port: 9000 },
  upstream: { ip: '127.0.0.1', port: 50000 + id },
  server: { ip: '127.0.0.1', port: 8080 },
});

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

// conn 0: 10-byte request, 40000-byte response, 20000-byte request, close; conn 1 opens in between.
const REQ_A = bytes(10, 1);
const RESP_A = bytes(40_000, 2);
const REQ_B = bytes(20_000, 3);
const REQ_C = bytes(7, 4);
const chunks: TapChunk[] = [
  { kind: 'open', seq: 0, conn: 0, tsNs: 1_000_000n },
  { kind: 'data', seq: 1, conn: 0, from: 'client', tsNs: 2_000_000n, data: REQ_A },
  { kind: 'data', seq: 2, conn: 0, from: 'server', tsNs: 3_000_000n, data: RESP_A },
  { kind: 'open', seq: 3, conn: 1, tsNs: 4_000_000n },
  { kind: 'data', seq: 4, conn: 0, from: 'client', tsNs: 5_000_000n, data: REQ_B },
  { kind: 'data', seq: 5, conn: 1, from: 'client', tsNs: 6_000_000n, data: REQ_C },
  { kind: 'close', seq: 6, conn: 0, tsNs: 7_000_000n, by: 'client' },
];
const recording: TapRecording = {
  chunks,
  connections: [conn(0, 40000), conn(1, 40001)],
  clock: { ns: 0n, unixMs: Date.UTC(2030, 0, 2, 3, 4, 5, 0) },
};

const dataOf = (calls: CapturedCall[]) => calls.flatMap((c) => (c.kind === 'data' ? [c] : []));
const kinds = (calls: CapturedCall[]) => calls.map((c) => (c.kind === 'data' ? `${c.conn}:${c.direction}:${c.data.length}` : `${c.kind}:${c.conn}`));

describe('planCalls', () => {
  it('client side: writes are client bytes, reads server bytes; long chunks split at 16384 without loss', () => {
    const calls = planCalls(recording, { side: 'client', utcOffsetMinutes: 0 });
    assert.deepEqual(kinds(calls), [
      'connect:0',
      '0:write:10',
      '0:read:16384',
      '0:read:16384',
      '0:read:7232',
      'connect:1',
      '0:write:16384',
      '0:write:3616',
      '1:write:7',
      'destroy:0',
    ]);
    const data = dataOf(calls);
    assert.deepEqual(Buffer.concat(data.filter((c) => c.conn === '0' && c.direction === 'read').map((c) => c.data)), Buffer.from(RESP_A));
    assert.deepEqual(data[0]!.tuple, { client: { ip: '127.0.0.1', port: 40000 }, server: { ip: '127.0.0.1', port: 9000 } });
    assert.deepEqual(data[0]!.who, { pid: process.pid, tid: process.pid, comm: 'node', fd: 20 });
    assert.equal(data.find((c) => c.conn === '1')!.who.fd, 21);
    assert.equal(data[0]!.localMs, Date.UTC(2030, 0, 2, 3, 4, 5, 2));
  });

  it('server side is the flip, on the server socket tuple', () => {
    const calls = planCalls(recording, { side: 'server' });
    assert.deepEqual(kinds(calls).slice(0, 5), ['connect:0', '0:read:10', '0:write:16384', '0:write:16384', '0:write:7232']);
    const first = dataOf(calls)[0]!;
    assert.deepEqual(first.tuple, { client: { ip: '127.0.0.1', port: 50000 }, server: { ip: '127.0.0.1', port: 8080 } });
  });

  it('cutWritesAt16k keeps the first 16384 bytes of a long write and loses the rest; reads still split', () => {
    const client = planCalls(recording, { side: 'client', cutWritesAt16k: true });
    assert.deepEqual(kinds(client), ['connect:0', '0:write:10', '0:read:16384', '0:read:16384', '0:read:7232', 'connect:1', '0:write:16384', '1:write:7', 'destroy:0']);
    assert.deepEqual(dataOf(client)[4]!.data, REQ_B.subarray(0, 16384));
    const server = planCalls(recording, { side: 'server', cutWritesAt16k: true });
    assert.deepEqual(kinds(server).slice(1, 5), ['0:read:10', '0:write:16384', 'connect:1', '0:read:16384']);
    assert.deepEqual(dataOf(server)[1]!.data, RESP_A.subarray(0, 16384));
  });

  it('startAfterChunks drops the first chunks; connections already open lose their connect line and tuple', () => {
    const calls = planCalls(recording, { side: 'client', startAfterChunks: 2 });
    assert.deepEqual(kinds(calls), ['connect:1', '0:write:16384', '0:write:3616', '1:write:7', 'destroy:0']);
    const data = dataOf(calls);
    assert.equal(data[0]!.tuple, undefined);
    assert.notEqual(data[2]!.tuple, undefined);
    const tracked = planCalls(recording, { side: 'client', startAfterChunks: 2, trackMidConnections: true });
    assert.deepEqual(kinds(tracked).slice(0, 2), ['connect:1', 'connect:0']);
    assert.notEqual(dataOf(tracked)[0]!.tuple, undefined);
  });

  it('startAfterBytes drops exactly that many bytes, keeping the tail of a straddling chunk', () => {
    const calls = planCalls(recording, { side: 'client', startAfterBytes: 15 });
    const all = Buffer.concat(dataOf(calls).map((c) => c.data));
    const whole = Buffer.concat([REQ_A, RESP_A, REQ_B, REQ_C]);
    assert.ok(all.equals(whole.subarray(15)));
    assert.equal(dataOf(calls)[0]!.data.length, 16384);
    assert.equal(dataOf(calls)[0]!.direction, 'read');
  });

  it('lateConnect puts each connect line right after its connection\'s first data', () => {
    const calls = planCalls(recording, { side: 'client', lateConnect: true, destroyLines: false });
    assert.deepEqual(kinds(calls), ['0:write:10', 'connect:0', '0:read:16384', '0:read:16384', '0:read:7232', '0:write:16384', '0:write:3616', '1:write:7', 'connect:1']);
  });

  it('identity overrides reach the rendered events', () => {
    const calls = planCalls(recording, { side: 'client', identity: (c) => ({ pid: 4242, comm: 'curl w_x', fd: 3 + c.id }) });
    const events = readEvents(renderCalls(calls, 'raw'));
    const first = events[0]!;
    assert.equal(first.kind, 'data');
    assert.deepEqual([first.pid, first.tid, first.comm, first.fd], [4242, process.pid, 'curl w_x', 3]);
    const v2 = readEvents(renderCalls(calls, 'v2'));
    assert.deepEqual(v2[0], {
      kind: 'connect',
      pid: 4242,
      tid: process.pid,
      comm: 'curl w_x',
      fd: 3,
      tuple: { client: { ip: '127.0.0.1', port: 40000 }, server: { ip: '127.0.0.1', port: 9000 } },
      destroy: false,
    });
  });

  it('renders raw types and v2 times from the clock anchor', () => {
    const raw = readEvents(renderCalls(planCalls(recording, { side: 'client' }), 'raw'));
    assert.deepEqual(
      raw.map((e) => (e.kind === 'data' ? [e.direction, e.type] : [])).slice(0, 2),
      [['write', 1], ['read', 3]],
    );
    const v2 = readEvents(renderCalls(planCalls(recording, { side: 'client', utcOffsetMinutes: 90 }), 'v2'));
    const firstData = v2.find((e) => e.kind === 'data');
    assert.equal(firstData?.kind === 'data' ? firstData.timeText : '', '2030-01-02 04:34:05.002');
  });
});
