// Found by the re-split fuzz: a raw/v2 connection chooses HTTP/1 or HTTP/2 from its first event
// alone. HTTP/2 bytes without the preface (a capture that began mid-connection, or the server's
// side) are recognised by a chain of frame headers, so a first event of fewer bytes than that
// chain (an SSL_read of 1 or 9 bytes: readers that take the 9-byte frame header first) makes the
// connection HTTP/1 for good: its frames are then skipped as garbage and no exchange comes out,
// not even a flagged one. Splitting the same bytes differently must not change the exchanges.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataEvent } from '../../src/decode/records.js';
import { asStreamRecords, loadFixtureSource } from '../support/fuzz/corpus.js';
import { exact } from '../support/fuzz/compare-exchanges.js';
import { runPipeline } from '../support/fuzz/run-pipeline.js';

/** upstream-testdata, v2: pid 469963 is a mid-stream HTTP/2 server side, one SSL_read of 406 bytes. */
function midStreamHttp2Read(): DataEvent {
  const source = loadFixtureSource('upstream-testdata', 'stream-v2.ldpb');
  const events = source.records.filter((r): r is DataEvent => r.kind === 'event' && r.sub === 'data' && r.pid === 469963);
  assert.equal(events.length, 1);
  return events[0]!;
}

test('control: the whole SSL_read gives the response it carries, flagged as a mid-stream start', async () => {
  const { exchanges } = await runPipeline(asStreamRecords([midStreamHttp2Read()]));
  assert.equal(exchanges.length, 1);
  assert.equal(exchanges[0]!.protocol, 'HTTP/2');
  assert.equal(exchanges[0]!.response?.status, 200);
  assert.ok(exchanges[0]!.issues.some((i) => i.code === 'mid-stream-start'));
});

for (const firstBytes of [1, 9, 20]) {
  test(
    `the same bytes as a ${firstBytes}-byte SSL_read and the rest give the same exchange`,

    async () => {
      const ev = midStreamHttp2Read();
      const whole = await runPipeline(asStreamRecords([ev]));
      const split = await runPipeline(
        asStreamRecords([
          { ...ev, payload: ev.payload.subarray(0, firstBytes) },
          { ...ev, payload: ev.payload.subarray(firstBytes) },
        ]),
      );
      assert.deepEqual(split.exchanges.map(exact), whole.exchanges.map(exact));
    },
  );
}
