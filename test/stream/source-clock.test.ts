// The source clock: boot-relative times anchored once per source, recordings independent of
// when they are read, v2 local time shifted by the configured zone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceClock } from '../../src/stream/clock.js';

test('a recording anchors boot time on the last hint, whatever the reading speed', () => {
  const a = new SourceClock({ live: false });
  a.hint(1_795_407_197_000, 100);
  const fast = a.instant({ clock: 'boot-ns', ns: 3_904_204_802_760n }, 105);
  const b = new SourceClock({ live: false });
  b.hint(1_795_407_197_000, 100);
  const slow = b.instant({ clock: 'boot-ns', ns: 3_904_204_802_760n }, 60_000);
  assert.equal(fast.ms, slow.ms);
  assert.equal(fast.ms, 1_795_407_197_000);
  assert.equal(fast.anchored, true);
  // Later events keep the offset: durations are exact.
  assert.ok(Math.abs(a.instant({ clock: 'boot-ns', ns: 3_904_217_130_015n }, 106).ms - fast.ms - 12.327255) < 0.001);
});

test('a live source moves the hint forward by the arrival gap', () => {
  const clock = new SourceClock({ live: true });
  clock.hint(1_000_000, 5_000);
  assert.equal(clock.instant({ clock: 'boot-ns', ns: 7_000_000_000n }, 5_250).ms, 1_000_250);
});

test('without a hint a recording stays unanchored and a live source uses arrival time', () => {
  const file = new SourceClock({ live: false }).instant({ clock: 'boot-ns', ns: 2_000_000n }, 99);
  assert.deepEqual(file, { ms: 2, anchored: false, approximate: true });
  const live = new SourceClock({ live: true }).instant({ clock: 'boot-ns', ns: 2_000_000n }, 99);
  assert.equal(live.ms, 99);
  assert.equal(live.anchored, true);
});

test('v2 local time is shifted by the configured offset, and flagged approximate only when assumed', () => {
  const utc8 = new SourceClock({ live: false, v2UtcOffsetMinutes: 480 });
  const t = utc8.instant({ clock: 'local', ms: Date.UTC(2026, 10, 23, 12, 0, 0), text: '2026-11-23 12:00:00.000' }, 0);
  assert.equal(new Date(t.ms).toISOString(), '2026-11-23T04:00:00.000Z');
  assert.equal(t.approximate, false);
  assert.equal(new SourceClock({ live: false }).instant({ clock: 'local', ms: 0, text: '' }, 0).approximate, true);
});
