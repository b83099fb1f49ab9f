// Found by the protobuf-garbage fuzz: stream time is the latest event time of the whole source,
// so one event whose timestamp is hours ahead (a flipped bit, a producer's clock glitch) makes
// every other open connection look idle: their exchanges are cut (response-missing) and the rest of
// each connection starts a new generation (request-missing). One bad event on one connection
// should not end the others.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { exact } from '../support/fuzz/compare-exchanges.js';
import { runPipeline } from '../support/fuzz/run-pipeline.js';

const T0 = 1_790_000_000_000n * 1_000_000n;
const encoder = new TextEncoder();

function data(pid: number, direction: 'read' | 'write', text: string, ms: number): StreamRecord {
  return {
    kind: 'event',
    sub: 'data',
    dialect: 'raw',
    type: direction === 'write' ? 1 : 3,
    pid,
    tid: pid,
    comm: 'curl',
    fd: 5,
    direction,
    uuid: { form: 'tracked', pid, tid: pid, comm: 'curl', fd: 5, direction },
    rawUuid: `${pid}_${pid}_curl_5_${direction === 'write' ? 1 : 0}_0.0.0.0:0-0.0.0.0:0`,
    time: { clock: 'unix-ns', ns: T0 + BigInt(ms) * 1_000_000n },
    payload: encoder.encode(text),
    flags: [],
    seq: 0,
    receivedAt: 0,
  };
}

const TEN_HOURS_MS = 10 * 3600 * 1000;

function records(withOutlier: boolean): StreamRecord[] {
  const out = [
    data(100, 'write', 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n', 0),
    ...(withOutlier ? [data(200, 'write', '\u0000\u0001garbage', TEN_HOURS_MS)] : []),
    data(100, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 5),
  ];
  return out.map((r, seq) => ({ ...r, seq }));
}

test('control: without the outlier the exchange is complete and clean', async () => {
  const { exchanges } = await runPipeline(records(false), {});
  assert.deepEqual(
    exchanges.map((x) => [x.request?.target, x.response?.status, x.issues.map((i) => i.code)]),
    [['/a', 200, ['scheme-inferred']]],
  );
});

test(
  'an event ten hours ahead on another connection does not end this one',
  async () => {
    const { exchanges } = await runPipeline(records(true), {});
    const mine = exchanges.filter((x) => x.connection.pid === 100).map(exact);
    const alone = (await runPipeline(records(false), {})).exchanges.map(exact);
    assert.deepEqual(mine, alone);
  },
);
