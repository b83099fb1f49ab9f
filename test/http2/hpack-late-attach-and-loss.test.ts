// HPACK resilience, checked against hpack.js as an independent encoder: random header lists are
// encoded on one connection's worth of state, then decoded in full, after dropping the first
// blocks (late attach), and after dropping one block in the middle (with markAllUnknown at the
// discontinuity). Every decoded field must be right or a placeholder, never wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HpackDecoder } from '../../src/http2/hpack/decoder.js';
import { UNKNOWN_FIELD_NAME, type HeaderField } from '../../src/http2/hpack/header-field.js';
import { OracleEncoder, type Pairs } from './helpers/hpack-oracle.js';
import { concat, headersFrames, PREFACE, settingsFrame, splitAt } from './helpers/build-frames.js';
import { FrameReader } from '../../src/http2/frame-reader.js';

function decoder(lateAttach: boolean): HpackDecoder {
  return new HpackDecoder({ maxHeaderListBytes: 1 << 20, maxHeaderFields: 10_000, tableCap: 65536, lateAttach });
}

const NAMES = [':authority', ':path', 'user-agent', 'accept', 'cookie', 'x-trace-id', 'content-type', 'x-custom', 'etag', 'date'];
const VALUES = ['example.com', '/', '/api/v1/items?page=2', 'curl/8.0', '*/*', 'a=1; b=2', 'application/json', 'x', '', 'caf\u00e9 \u00ff\u0080'];
const latin1Text = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((codes) => String.fromCharCode(...codes));
const nameArb = fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/));
const valueArb = fc.oneof(fc.constantFrom(...VALUES), latin1Text);
const listArb = fc.array(fc.tuple(nameArb, valueArb), { minLength: 1, maxLength: 10 });
const scenarioArb = fc.record({
  lists: fc.array(listArb, { minLength: 2, maxLength: 14 }),
  huffman: fc.boolean(),
  tableSize: fc.constantFrom(256, 1024, 4096, 65536),
});

/** The first block starts with the encoder's table size update, as a real encoder's would. */
function encodeAll(lists: Pairs[], huffman: boolean, tableSize: number): Uint8Array[] {
  const encoder = new OracleEncoder(tableSize);
  const announce = encoder.announceSize();
  return lists.map((list, i) => {
    const block = encoder.encode(list, { huffman });
    return i === 0 ? Uint8Array.from([...announce, ...block]) : block;
  });
}

/** Right or placeholder, field by field; the count must match. */
function assertRightOrPlaceholder(decoded: HeaderField[], original: Pairs, label: string): number {
  assert.equal(decoded.length, original.length, `${label}: field count`);
  let placeholders = 0;
  decoded.forEach((field, i) => {
    const [name, value] = original[i]!;
    if (field.unknown === 'field') {
      assert.equal(field.name, UNKNOWN_FIELD_NAME, label);
      placeholders++;
    } else if (field.unknown === 'name') {
      assert.equal(field.name, UNKNOWN_FIELD_NAME, label);
      assert.equal(field.value, value, `${label}: value of a name-unknown field #${i}`);
      placeholders++;
    } else {
      assert.deepEqual([field.name, field.value], [name, value], `${label}: field #${i}`);
    }
  });
  return placeholders;
}

test('full connection: every block decodes exactly, with and without Huffman', () => {
  fc.assert(
    fc.property(scenarioArb, ({ lists, huffman, tableSize }) => {
      const blocks = encodeAll(lists, huffman, tableSize);
      const d = decoder(false);
      blocks.forEach((block, i) => {
        const result = d.decode(block);
        assert.equal(result.failure, undefined);
        assert.deepEqual(
          result.fields.map((f) => [f.name, f.value]),
          lists[i],
        );
        assert.equal(result.placeholders, 0);
      });
    }),
    { numRuns: 150 },
  );
});

test('through the frame reader: blocks in HEADERS + CONTINUATION, bytes split anywhere, decode exactly', () => {
  fc.assert(
    fc.property(scenarioArb, fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.nat(64), { maxLength: 3 }), ({ lists, huffman, tableSize }, cuts, blockCuts) => {
      const blocks = encodeAll(lists, huffman, tableSize);
      const bytes = concat(PREFACE, settingsFrame(), ...blocks.map((b, i) => headersFrames(2 * i + 1, b, { endStream: true, splitAt: blockCuts })));
      const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 });
      const d = decoder(false);
      const decoded: Pairs[] = [];
      splitAt(
        bytes,
        cuts.map((c) => c % bytes.length),
      ).forEach((piece, i) => {
        for (const event of reader.push(piece, { eventStart: i === 0 })) {
          if (event.kind !== 'headers') continue;
          assert.equal(event.complete, true);
          decoded.push(d.decode(event.block).fields.map((f) => [f.name, f.value]));
        }
      });
      assert.deepEqual(decoded, lists);
    }),
    { numRuns: 100 },
  );
});

test('late attach: after dropping the first N blocks, fields are right or placeholders', () => {
  fc.assert(
    fc.property(scenarioArb, fc.nat(), ({ lists, huffman, tableSize }, seed) => {
      const blocks = encodeAll(lists, huffman, tableSize);
      const dropped = 1 + (seed % (blocks.length - 1));
      const d = decoder(true);
      for (let i = dropped; i < blocks.length; i++) {
        const result = d.decode(blocks[i]!);
        assert.equal(result.failure, undefined);
        assertRightOrPlaceholder(result.fields, lists[i]!, `block ${i} after dropping ${dropped}`);
      }
    }),
    { numRuns: 150 },
  );
});

test('one block lost in the middle, markAllUnknown at the discontinuity: right or placeholder', () => {
  fc.assert(
    fc.property(scenarioArb, fc.nat(), ({ lists, huffman, tableSize }, seed) => {
      const blocks = encodeAll(lists, huffman, tableSize);
      const lost = seed % blocks.length;
      const d = decoder(false);
      blocks.forEach((block, i) => {
        if (i === lost) {
          d.markAllUnknown();
          return;
        }
        const result = d.decode(block);
        assert.equal(result.failure, undefined);
        assertRightOrPlaceholder(result.fields, lists[i]!, `block ${i}, lost ${lost}`);
      });
    }),
    { numRuns: 150 },
  );
});

test('control: without markAllUnknown a lost block makes later fields wrong (the check above has teeth)', () => {
  const encoder = new OracleEncoder(4096);
  // The lost block inserts x-b; the third block references it at index 62, where an unwarned
  // decoder still holds x-a.
  const lists: Pairs[] = [[['x-a', 'one']], [['x-b', 'two']], [['x-b', 'two']]];
  const blocks = lists.map((l) => encoder.encode(l));
  const d = decoder(false);
  d.decode(blocks[0]!);
  // blocks[1] is lost and nobody tells the decoder.
  const third = d.decode(blocks[2]!);
  assert.throws(() => assertRightOrPlaceholder(third.fields, lists[2]!, 'unmarked loss'));
  // With the discontinuity reported, the same bytes give placeholders instead.
  const marked = decoder(false);
  marked.decode(blocks[0]!);
  marked.markAllUnknown();
  assert.equal(assertRightOrPlaceholder(marked.decode(blocks[2]!).fields, lists[2]!, 'marked loss'), 1);
});

test('late attach recovers: new literals land at the indices the encoder uses', () => {
  const encoder = new OracleEncoder(4096);
  const lists: Pairs[] = [
    [['x-old', 'before attach'], ['x-also-old', 'v']],
    [['x-old', 'before attach'], ['x-also-old', 'v']],
    [['x-new', 'after attach']],
    [['x-new', 'after attach'], ['x-old', 'before attach']],
  ];
  const blocks = lists.map((l) => encoder.encode(l));
  const d = decoder(true);
  const second = d.decode(blocks[1]!);
  assert.deepEqual(
    second.fields.map((f) => f.unknown),
    ['field', 'field'],
  );
  const third = d.decode(blocks[2]!);
  assert.deepEqual(third.fields, [{ name: 'x-new', value: 'after attach' }]);
  const fourth = d.decode(blocks[3]!);
  assert.deepEqual(fourth.fields[0], { name: 'x-new', value: 'after attach' });
  assert.equal(fourth.fields[1]!.unknown, 'field');
  assert.equal(fourth.placeholders, 1);
});

test('late attach keeps entries up to the cap, not 4096 (peers may announce 65536)', () => {
  const encoder = new OracleEncoder(65536);
  const big = 'v'.repeat(1000);
  const lists: Pairs[] = [];
  for (let i = 0; i < 20; i++) lists.push([[`x-h${i}`, big]]);
  lists.push(lists.slice(0, 20).map((l) => l[0]!)); // references all twenty, oldest ~20 KiB deep
  const blocks = lists.map((l) => encoder.encode(l));
  const d = decoder(true);
  blocks.slice(0, 20).forEach((b) => d.decode(b));
  const last = d.decode(blocks[20]!);
  assert.equal(last.placeholders, 0);
  assert.deepEqual(
    last.fields.map((f) => [f.name, f.value]),
    lists[20],
  );
});
