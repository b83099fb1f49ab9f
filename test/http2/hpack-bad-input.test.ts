// Hostile and broken header blocks: nothing throws, fields before the damage are kept, the
// table is marked unknown after it, and every cap holds (HPACK bombs stay bounded).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder } from '../../src/http2/hpack/decoder.js';
import { decodeInteger } from '../../src/http2/hpack/integer.js';
import { OracleEncoder } from './helpers/hpack-oracle.js';

function decoder(opts: Partial<{ maxHeaderListBytes: number; maxHeaderFields: number; tableCap: number; lateAttach: boolean }> = {}): HpackDecoder {
  return new HpackDecoder({ maxHeaderListBytes: 1 << 20, maxHeaderFields: 1000, tableCap: 65536, lateAttach: false, ...opts });
}

/** A literal with incremental indexing and a literal name, no Huffman (RFC 7541 §6.2.1). */
function literal(name: string, value: string): number[] {
  const bytes = (s: string) => [...Buffer.from(s, 'latin1')];
  const len = (n: number) => (n < 127 ? [n] : [127, ...intTail(n - 127)]);
  return [0x40, ...len(name.length), ...bytes(name), ...len(value.length), ...bytes(value)];
}

function intTail(rest: number): number[] {
  const out: number[] = [];
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

test('prefix integers: overflow and endless continuation bytes are refused, not looped on', () => {
  const huge = Uint8Array.of(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
  assert.deepEqual(decodeInteger(huge, 0, huge.length, 7), { ok: false, failure: 'integer-overflow' });
  const zeros = Uint8Array.from([0x7f, ...new Array<number>(1000).fill(0x80), 0x00]);
  assert.deepEqual(decodeInteger(zeros, 0, zeros.length, 7), { ok: false, failure: 'integer-overflow' });
  const cut = Uint8Array.of(0x7f, 0x80);
  assert.deepEqual(decodeInteger(cut, 0, cut.length, 7), { ok: false, failure: 'integer-truncated' });
  assert.equal(decoder().decode(Uint8Array.from([0xff, ...huge.subarray(1)])).failure?.code, 'integer-overflow');
});

test('a truncated block keeps the fields before the cut and marks the table unknown', () => {
  const d = decoder();
  const whole = Uint8Array.from([0x82, ...literal('x-a', 'one'), ...literal('x-b', 'two')]);
  const result = d.decode(whole.subarray(0, whole.length - 2));
  assert.deepEqual(
    result.fields.map((f) => [f.name, f.value]),
    [[':method', 'GET'], ['x-a', 'one']],
  );
  assert.equal(result.failure?.code, 'string-truncated');
  assert.equal(d.uncertain, true);
  assert.equal(d.table.length, 0);
  assert.equal(d.decode(Uint8Array.of(0xbe)).fields[0]!.unknown, 'field'); // index 62: unknown now
});

test('bad Huffman (wrong padding) in a block: failure, fields so far kept, table unknown', () => {
  const d = decoder();
  // 0x82, then a Huffman literal value for :path (index 4) whose one byte is 'a' + zero padding.
  const block = Uint8Array.of(0x82, 0x44, 0x81, 0b00011_000);
  const result = d.decode(block);
  assert.equal(result.failure?.code, 'huffman-padding');
  assert.deepEqual(result.fields, [{ name: ':method', value: 'GET' }]);
  assert.equal(d.uncertain, true);
});

test('index 0 and an index past an exact table are reported; the latter becomes a placeholder', () => {
  assert.equal(decoder().decode(Uint8Array.of(0x80)).failure?.code, 'index-zero');
  const d = decoder();
  const result = d.decode(Uint8Array.of(0x82, 0xbe, 0x84));
  assert.deepEqual(
    result.fields.map((f) => f.unknown ?? f.name),
    [':method', 'field', ':path'],
  );
  assert.equal(result.outOfRangeAt, 1);
  assert.equal(result.failure, undefined);
  assert.equal(d.uncertain, true);
});

test('late attach, then a size update to 0: the table is exact again', () => {
  const d = decoder({ lateAttach: true });
  assert.equal(d.decode(Uint8Array.of(0xbe)).placeholders, 1);
  // Size updates to 0 (the encoder's table is now empty) and back to 4096, then an insertion.
  const reset = d.decode(Uint8Array.from([0x20, 0x3f, 0xe1, 0x1f, ...literal('x-a', 'one'), 0xbe]));
  assert.deepEqual(
    reset.fields.map((f) => [f.name, f.value]),
    [['x-a', 'one'], ['x-a', 'one']],
  );
  assert.equal(d.uncertain, false);
  assert.equal(d.decode(Uint8Array.of(0xbf)).outOfRangeAt, 0); // exact: index 63 cannot exist
});

test('HPACK bomb: a huge table size update is clamped to the cap and the table stays under it', () => {
  const d = decoder({ tableCap: 4096 });
  const update = Uint8Array.from([0x3f, ...intTail(0x40000000 - 31)]);
  const block: number[] = [...update];
  for (let i = 0; i < 500; i++) block.push(...literal(`x-${i}`, 'v'.repeat(100)));
  const result = d.decode(Uint8Array.from(block));
  assert.equal(result.failure, undefined);
  assert.equal(result.clamped, true);
  assert.ok(d.table.size <= 4096, `table holds ${d.table.size} octets`);
  assert.equal(d.uncertain, true); // the encoder may hold more than we keep
  // An entry bigger than the whole table empties it (RFC 7541 §4.4) instead of being kept.
  d.decode(Uint8Array.from(literal('x-big', 'z'.repeat(10_000))));
  assert.equal(d.table.length, 0);
});

test('HPACK bomb: a million fields stay within the field cap, insertions still reach the table', () => {
  const d = decoder({ maxHeaderFields: 100 });
  const tail = literal('x-late', 'still-indexed');
  const block = new Uint8Array(1_000_000 + tail.length).fill(0x82);
  block.set(tail, 1_000_000);
  const result = d.decode(block);
  assert.equal(result.fields.length, 100);
  assert.equal(result.capped, 'header-fields');
  assert.equal(result.dropped, 1_000_000 + 1 - 100);
  assert.deepEqual(d.decode(Uint8Array.of(0xbe)).fields, [{ name: 'x-late', value: 'still-indexed' }]);
});

test('header list size cap: fields past it are dropped, not kept', () => {
  const d = decoder({ maxHeaderListBytes: 1000 });
  const block = Uint8Array.from([...literal('x-a', 'a'.repeat(600)), ...literal('x-b', 'b'.repeat(600)), 0x82]);
  const result = d.decode(block);
  assert.deepEqual(
    result.fields.map((f) => f.name),
    ['x-a'],
  );
  assert.equal(result.capped, 'header-list-bytes');
  assert.equal(result.dropped, 2);
});

test('random garbage blocks never throw and never yield more fields than the caps', () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const d = decoder({ maxHeaderFields: 50, tableCap: 8192 });
  for (let run = 0; run < 300; run++) {
    const block = Uint8Array.from({ length: next() % 300 }, () => next() % 256);
    const result = d.decode(block);
    assert.ok(result.fields.length <= 50);
    assert.ok(d.table.size <= 8192);
  }
});

test('the oracle agrees: a block hpack.js encodes after a table size update decodes', () => {
  const encoder = new OracleEncoder(4096);
  encoder.encode([['x-before', 'attach']]);
  const update = encoder.resetTable();
  const block = encoder.encode([['x-a', 'after update']]);
  const again = encoder.encode([['x-a', 'after update']]);
  const d = decoder({ lateAttach: true });
  const result = d.decode(Uint8Array.from([...update, ...block]));
  assert.deepEqual(result.fields, [{ name: 'x-a', value: 'after update' }]);
  assert.equal(d.uncertain, false);
  assert.deepEqual(d.decode(again).fields, [{ name: 'x-a', value: 'after update' }]);
});

test('a cap below the encoder’s table: references past it are placeholders, never errors', () => {
  const encoder = new OracleEncoder(4096);
  const blocks = [encoder.encode([['x-a', 'a'.repeat(60)]]), encoder.encode([['x-b', 'b'.repeat(60)]]), encoder.encode([['x-a', 'a'.repeat(60)], ['x-b', 'b'.repeat(60)]])];
  const d = decoder({ tableCap: 120 }); // room for one of the two entries
  d.decode(blocks[0]!);
  d.decode(blocks[1]!);
  const third = d.decode(blocks[2]!);
  assert.equal(third.outOfRangeAt, undefined);
  assert.deepEqual(
    third.fields.map((f) => f.unknown ?? `${f.name}=${f.value.length}`),
    ['field', 'x-b=60'],
  );
});
