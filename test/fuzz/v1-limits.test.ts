// Regression tests for the eCapture v1 HTTP/2 limits added with the fuzz suite: a 1xx flood and a
// trailer-block flood on one stream are kept up to maxInterimResponses / maxTrailerFields and
// flagged (they were unbounded, the trailers copied once per block); a frame dump cut inside a
// HEADERS entry is flagged instead of passing for a complete header block.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../src/decode/records.js';
import { runMeasured, MiB } from '../support/fuzz/bomb-inputs.js';
import { v1Event, v1Headers } from '../support/fuzz/v1-events.js';

const GUARD = { timeout: 60_000 };
const REQUEST: Array<[string, string]> = [[':method', 'GET'], [':path', '/flood'], [':scheme', 'https'], [':authority', 'x']];

test('v1 HTTP/2: 10 000 × :status 100 in one dump, then 204: interim kept up to the cap, the rest counted', GUARD, async () => {
  const records: StreamRecord[] = [
    v1Event(2, 'write', v1Headers(1, REQUEST), 0),
    v1Event(4, 'read', v1Headers(1, [[':status', '100']]).repeat(10_000) + v1Headers(1, [[':status', '204']]), 1),
  ];
  const { exchanges, growth } = await runMeasured(records, { v1: { maxInterimResponses: 8 } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.equal(x.response?.status, 204);
  assert.equal(x.response?.interim.length, 8);
  const flag = x.issues.find((i) => i.code === 'limit-exceeded' && i.side === 'response');
  assert.match(flag?.detail ?? '', /9992 interim/);
  assert.ok(growth < 32 * MiB, `held ${Math.round(growth / MiB)} MiB`);
});

test('v1 HTTP/2: 10 000 trailer blocks on one stream: trailer fields kept up to the cap, the rest counted', GUARD, async () => {
  const trailers = Array.from({ length: 10_000 }, (_, i) => v1Headers(1, [[`x-t${i % 10}`, 'v']])).join('');
  const records: StreamRecord[] = [
    v1Event(2, 'write', v1Headers(1, REQUEST), 0),
    v1Event(4, 'read', v1Headers(1, [[':status', '204']]) + trailers, 1),
  ];
  const { exchanges } = await runMeasured(records, { v1: { maxTrailerFields: 100 } });
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.equal(x.response?.trailers?.length, 100);
  assert.match(x.issues.find((i) => i.code === 'limit-exceeded' && i.side === 'response')?.detail ?? '', /9900 trailer fields/);
});

test('v1 HTTP/2: a frame dump cut inside a HEADERS entry is flagged, not taken for the whole block', async () => {
  const whole = v1Headers(1, REQUEST);
  const cut = whole.slice(0, whole.indexOf('":path"') - 'header field '.length - 1); // ends right after the :method line's value
  assert.ok(!cut.endsWith('\n'), 'the cut lands inside a line');
  const records: StreamRecord[] = [v1Event(2, 'write', cut, 0), v1Event(4, 'read', v1Headers(1, [[':status', '204']]), 1)];
  const { exchanges } = await runMeasured(records);
  assert.equal(exchanges.length, 1);
  assert.ok(exchanges[0]!.issues.some((i) => i.code === 'parse-error' && i.side === 'request'), exchanges[0]!.issues.map((i) => i.code).join());
});
