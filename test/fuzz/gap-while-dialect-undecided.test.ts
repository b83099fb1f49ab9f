// Found by the reported-loss fuzz: a gap record reaches only connections that already have an
// assembler. A connection whose first events could be v1 or raw is held until a decisive event;
// a gap that arrives meanwhile is never applied to it, so the bytes before and after the loss are
// parsed as one stream: here the head of a request cut by the loss swallows the next request line
// as a header value, unflagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataEvent, DecodedRecord } from '../../src/decode/records.js';
import { asStreamRecords, loadFixtureSource } from '../support/fuzz/corpus.js';
import { damageFlags } from '../support/fuzz/compare-exchanges.js';
import { runPipeline } from '../support/fuzz/run-pipeline.js';

/** h1-keepalive-timing, raw: the first write (`GET /json`) is v1-or-raw, so the connection is held. */
function keepAliveRaw(): DecodedRecord[] {
  return loadFixtureSource('h1-keepalive-timing', 'stream-raw.ldpb').records;
}

function cutFirstEventThenGap(records: DecodedRecord[]): DecodedRecord[] {
  const first = records.findIndex((r) => r.kind === 'event' && r.sub === 'data');
  const ev = records[first] as DataEvent;
  assert.equal(ev.dialect, 'v1-or-raw');
  assert.match(Buffer.from(ev.payload).toString('latin1'), /^GET \/json HTTP\/1\.1\r\nHost:/);
  const cut: DataEvent = { ...ev, payload: ev.payload.subarray(0, 25) }; // "GET /json HTTP/1.1\r\nHost:"
  // The rest of that event and the response to it were lost; the source said so.
  return [...records.slice(0, first), cut, { kind: 'gap', reason: 'queue-overflow', dropped: 2 } as unknown as DecodedRecord, ...records.slice(first + 2)];
}

test('control: the same loss on a connection whose dialect is already known is cut at the gap', async () => {
  const records = cutFirstEventThenGap(keepAliveRaw()).map((r) => (r.kind === 'event' && r.sub === 'data' ? { ...r, dialect: 'raw' as const } : r));
  const { exchanges } = await runPipeline(asStreamRecords(records));
  const text = exchanges.find((x) => x.request?.target === '/text?n=800');
  assert.ok(text, 'the request after the gap stands on its own');
  assert.ok(!exchanges.some((x) => x.request?.headers.some(([, v]) => v.startsWith('GET '))), 'no head swallowed another');
  for (const x of exchanges) if (x.request?.target === '/json') assert.ok(damageFlags(x).length > 0);
});

test(
  'a gap while the dialect is undecided: the cut head does not swallow the next request',

  async () => {
    const { exchanges } = await runPipeline(asStreamRecords(cutFirstEventThenGap(keepAliveRaw())));
    assert.ok(!exchanges.some((x) => x.request?.headers.some(([, v]) => v.startsWith('GET '))), 'no head swallowed another');
    assert.ok(exchanges.some((x) => x.request?.target === '/text?n=800'), 'the request after the gap stands on its own');
  },
);
