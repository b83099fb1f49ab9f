import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConnectionTable } from '../../src/stream/connection-table.js';
import { GenerationLedger } from '../../src/stream/generation-ledger.js';

const tuple = (port: number) => ({ client: { ip: '10.0.0.1', port }, server: { ip: '10.0.0.2', port: 443 } });

test('a reused fd with a new tuple is the next generation: ids :1, :2, :3', () => {
  const table = new ConnectionTable<never>();
  const ids: string[] = [];
  for (const port of [1000, 1001, 1002]) ids.push(table.forData('uuid', 7, 5, 'curl', tuple(port), 0).entry.info.id);
  assert.deepEqual(ids, ['7:5:1', '7:5:2', '7:5:3']);
});

test('the ledger counts 1, 2, 3 per key while it has room', () => {
  const ledger = new GenerationLedger(100);
  const never = (): boolean => false;
  assert.deepEqual(['a', 'b', 'a', 'a', 'b', 'c'].map((k) => ledger.next(k, never)), [1, 1, 2, 3, 2, 1]);
});

test('the ledger stays within its capacity however many keys pass', () => {
  const ledger = new GenerationLedger(100);
  for (let i = 0; i < 10_000; i++) ledger.next(`k${i}`, () => false);
  assert.ok(ledger.size <= 100, `size ${ledger.size}`);
});

test('generations per key only ever increase, also past forgetting; keys in use are kept', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 8 }),
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 20 }), open: fc.boolean() }), { minLength: 1, maxLength: 300 }),
      (capacity, uses) => {
        const ledger = new GenerationLedger(capacity);
        const open = new Set<string>();
        const last = new Map<string, number>();
        for (const use of uses) {
          const key = `k${use.key}`;
          const generation = ledger.next(key, (k) => open.has(k));
          const before = last.get(key);
          if (before !== undefined) assert.ok(generation > before, `${key}: ${generation} after ${before}`);
          // A key kept open is remembered: it continues from its own last generation.
          if (before !== undefined && open.has(key)) assert.equal(generation, before + 1);
          last.set(key, generation);
          if (use.open) open.add(key);
          else open.delete(key);
        }
      },
    ),
    { numRuns: 200 },
  );
});
