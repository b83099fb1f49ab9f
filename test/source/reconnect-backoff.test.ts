import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelayMs, resolveReconnectPolicy } from '../../src/source/reconnect-backoff.js';

test('reconnect policies: off, defaults, partial overrides', () => {
  assert.equal(resolveReconnectPolicy(false), undefined);
  assert.deepEqual(resolveReconnectPolicy(undefined), { initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: Number.POSITIVE_INFINITY });
  assert.deepEqual(resolveReconnectPolicy(true), resolveReconnectPolicy(undefined));
  assert.deepEqual(resolveReconnectPolicy({ initialDelayMs: 100, maxAttempts: 3 }), { initialDelayMs: 100, maxDelayMs: 30_000, maxAttempts: 3 });
});

test('backoff doubles per attempt, is capped, and jitters within [half, full)', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: Number.POSITIVE_INFINITY };
  assert.equal(backoffDelayMs(policy, 1, () => 0), 50);
  assert.equal(backoffDelayMs(policy, 3, () => 0), 200);
  assert.equal(backoffDelayMs(policy, 20, () => 0), 500);
  assert.equal(backoffDelayMs(policy, 20, () => 0.999999), 1000);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, random) => {
      const base = Math.min(1000, 100 * 2 ** Math.min(attempt - 1, 30));
      const delay = backoffDelayMs(policy, attempt, () => random);
      assert.ok(delay >= Math.floor(base / 2) && delay <= base);
    }),
    { numRuns: 200 },
  );
});
