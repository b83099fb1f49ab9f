import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BoundedQueue, QueueLimitError } from '../../src/source/bounded-queue.js';
import type { DroppedRun } from '../../src/source/bounded-queue.js';

type Item = { value: number } | { run: DroppedRun };

function makeQueue(limit: number, clock = { now: 0 }): BoundedQueue<Item> {
  return new BoundedQueue<Item>({ limit, onDropped: (run) => ({ run }), now: () => clock.now });
}

async function drain(queue: BoundedQueue<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < 10_000; i++) {
    const result = await queue.shift();
    if (result.done) return items;
    items.push(result.value);
  }
  throw new Error('queue did not end');
}

test('a full queue drops newcomers and reports them as one run where the loss happened', async () => {
  const clock = { now: 100 };
  const queue = makeQueue(2, clock);
  assert.equal(queue.push({ value: 1 }), true);
  assert.equal(queue.push({ value: 2 }), true);
  clock.now = 150;
  assert.equal(queue.push({ value: 3 }), false);
  clock.now = 170;
  assert.equal(queue.push({ value: 4 }), false);
  queue.end();
  assert.deepEqual(await drain(queue), [{ value: 1 }, { value: 2 }, { run: { dropped: 2, sinceMs: 150, untilMs: 170 } }]);
  assert.equal(queue.droppedTotal, 2);
});

test('forced items are never dropped and do not take the places of ordinary ones', async () => {
  const queue = makeQueue(1);
  queue.push({ value: 1 });
  assert.equal(queue.push({ value: -1 }, { force: true }), true);
  assert.equal(queue.push({ value: 2 }), false);
  assert.deepEqual((await queue.shift()).value, { value: 1 });
  // One ordinary place is free again although the forced item is still queued.
  assert.equal(queue.push({ value: 3 }), true);
  queue.end();
  const rest = await drain(queue);
  assert.deepEqual(rest, [{ value: -1 }, { run: { dropped: 1, sinceMs: 0, untilMs: 0 } }, { value: 3 }]);
});

test('a waiting consumer gets the next push directly; end and fail settle it', async () => {
  const queue = makeQueue(1);
  const first = queue.shift();
  queue.push({ value: 7 });
  assert.deepEqual(await first, { value: { value: 7 }, done: false });

  const waiting = queue.shift();
  queue.fail(new Error('boom'));
  await assert.rejects(waiting, /boom/);
  assert.deepEqual(await queue.shift(), { value: undefined, done: true });
});

test('fail delivers the queued items first, then the error once', async () => {
  const queue = makeQueue(4);
  queue.push({ value: 1 });
  queue.fail(new Error('late'));
  assert.deepEqual(await queue.shift(), { value: { value: 1 }, done: false });
  await assert.rejects(queue.shift(), /late/);
  assert.deepEqual(await queue.shift(), { value: undefined, done: true });
});

test('close discards queued items and ends pending and later shifts', async () => {
  const queue = makeQueue(4);
  const pending = queue.shift();
  queue.close();
  assert.deepEqual(await pending, { value: undefined, done: true });
  assert.equal(queue.push({ value: 1 }), false);
  assert.deepEqual(await queue.shift(), { value: undefined, done: true });
});

test('limits below 1 are refused', () => {
  assert.throws(() => makeQueue(0), QueueLimitError);
});

test('property: every pushed item is delivered in order or counted as dropped, never both', async () => {
  // Operations: push (true) or shift (false), in any interleaving.
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.boolean(), { maxLength: 60 }), async (limit, ops) => {
      const queue = makeQueue(limit);
      const delivered: number[] = [];
      let dropped = 0;
      let next = 0;
      const take = async (): Promise<void> => {
        const result = await queue.shift();
        if (result.done) return;
        if ('run' in result.value) dropped += result.value.run.dropped;
        else delivered.push(result.value.value);
      };
      for (const push of ops) {
        if (push) queue.push({ value: next++ });
        else if (queue.size > 0) await take();
      }
      queue.end();
      while (queue.size > 0) await take();
      assert.equal(delivered.length + dropped, next);
      assert.deepEqual(delivered, [...delivered].sort((a, b) => a - b));
      assert.ok(queue.size === 0);
    }),
    { numRuns: 200 },
  );
});

test('fail with nobody waiting keeps the error for the next shift', async () => {
  const queue = makeQueue(2);
  queue.fail(new Error('kept'));
  await assert.rejects(queue.shift(), /kept/);
  assert.deepEqual(await queue.shift(), { value: undefined, done: true });
});
