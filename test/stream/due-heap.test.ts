// DueHeap pops in due order, whatever the order of pushes (property test against a sort).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DueHeap } from '../../src/stream/due-heap.js';

test('pops every item in nondecreasing due order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), (dues) => {
      const heap = new DueHeap<number>();
      dues.forEach((due, i) => heap.push(due, i));
      const popped: number[] = [];
      for (let item = heap.pop(); item; item = heap.pop()) popped.push(item.dueMs);
      assert.deepEqual(popped, [...dues].sort((a, b) => a - b));
      assert.equal(heap.size, 0);
      assert.equal(heap.peekDue(), undefined);
    }),
  );
});

test('interleaved pushes and pops: the earliest is always on top', () => {
  const heap = new DueHeap<string>();
  heap.push(5, 'a');
  heap.push(3, 'b');
  assert.equal(heap.pop()?.item, 'b');
  heap.push(1, 'c');
  heap.push(9, 'd');
  assert.equal(heap.peekDue(), 1);
  assert.deepEqual([heap.pop()?.item, heap.pop()?.item, heap.pop()?.item, heap.pop()], ['c', 'a', 'd', undefined]);
});
