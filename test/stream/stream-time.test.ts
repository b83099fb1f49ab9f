// StreamTime: per clock domain, and a leap beyond MAX_STEP_MS needs a second event to confirm it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_STEP_MS, StreamTime } from '../../src/stream/stream-time.js';

const T = 1_790_000_000_000;

test('steps within MAX_STEP_MS move the time at once; earlier instants never move it back', () => {
  const time = new StreamTime();
  assert.equal(time.now('wall'), Number.NEGATIVE_INFINITY);
  assert.equal(time.observe('wall', T, 0), true);
  assert.equal(time.observe('wall', T + MAX_STEP_MS, 0), true);
  assert.equal(time.observe('wall', T + 5, 0), false);
  assert.equal(time.now('wall'), T + MAX_STEP_MS);
});

test('a lone instant far ahead does not move the time; the next normal instants still do', () => {
  const time = new StreamTime();
  time.observe('wall', T, 0);
  assert.equal(time.observe('wall', T + 10 * 3_600_000, 0), false, 'ten hours ahead, alone');
  assert.equal(time.now('wall'), T);
  assert.equal(time.observe('wall', T + 1000, 0), true);
  assert.equal(time.now('wall'), T + 1000);
});

test('a pause in traffic: the second event after it confirms the leap, to the earlier of the two', () => {
  const time = new StreamTime();
  time.observe('wall', T, 0);
  const after = T + 3_600_000;
  assert.equal(time.observe('wall', after + 200, 0), false);
  assert.equal(time.observe('wall', after + 100, 0), true);
  assert.equal(time.now('wall'), after + 100);
});

test('two far instants that disagree with each other confirm nothing', () => {
  const time = new StreamTime();
  time.observe('wall', T, 0);
  time.observe('wall', T + 3_600_000, 0);
  assert.equal(time.observe('wall', T + 5 * 3_600_000, 0), false);
  assert.equal(time.now('wall'), T);
});

test('clock domains are kept apart; live time adds the wall time elapsed since the domain moved', () => {
  const time = new StreamTime();
  time.observe('boot', 9_221_000, 100);
  time.observe('wall', T, 200);
  assert.equal(time.now('boot'), 9_221_000);
  assert.equal(time.now('wall'), T);
  assert.equal(time.latestDomain, 'wall');
  assert.equal(time.nowLive('boot', 1100), 9_222_000);
  assert.equal(time.nowLive('arrival', 1100), Number.NEGATIVE_INFINITY);
});
