// The typed-in tables against the RFC's own numbers and against an independent implementation
// (hpack.js), and the Huffman padding rules of RFC 7541 §5.2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { HUFFMAN_CODES } from '../../src/http2/hpack/huffman-code.js';
import { decodeHuffman } from '../../src/http2/hpack/huffman-decode.js';
import { STATIC_TABLE } from '../../src/http2/hpack/static-table.js';

const require = createRequire(import.meta.url);
const hpackHuffman = require('hpack.js/lib/hpack/huffman.js') as { encode: Array<[number, number]> };
const hpackStatic = require('hpack.js/lib/hpack/static-table.js') as { table: Array<{ name: string; value: string }> };

test('Huffman codes: spot values from RFC 7541 Appendix B', () => {
  const rfc: Array<[symbol: number, hex: number, bits: number]> = [
    [0, 0x1ff8, 13],
    [1, 0x7fffd8, 23],
    [10, 0x3ffffffc, 30],
    [32, 0x14, 6],
    [47, 0x18, 6],
    [48, 0x0, 5],
    [97, 0x3, 5],
    [127, 0xffffffc, 28],
    [128, 0xfffe6, 20],
    [200, 0x3ffffe2, 26],
    [255, 0x3ffffee, 26],
    [256, 0x3fffffff, 30],
  ];
  for (const [symbol, code, bits] of rfc) assert.deepEqual(HUFFMAN_CODES[symbol], { code, bits }, `symbol ${symbol}`);
});

test('Huffman codes: all 257 equal hpack.js’s table; the code is complete (Kraft sum 1)', () => {
  assert.equal(HUFFMAN_CODES.length, 257);
  HUFFMAN_CODES.forEach(({ code, bits }, symbol) => {
    assert.deepEqual([bits, code], hpackHuffman.encode[symbol], `symbol ${symbol}`);
  });
  const kraft = HUFFMAN_CODES.reduce((sum, { bits }) => sum + 2 ** -bits, 0);
  assert.equal(kraft, 1);
});

test('static table: 61 entries equal to hpack.js’s', () => {
  assert.equal(STATIC_TABLE.length, 61);
  STATIC_TABLE.forEach(([name, value], i) => assert.deepEqual([name, value], [hpackStatic.table[i]!.name, hpackStatic.table[i]!.value]));
});

/** Encodes bytes with the code under test's table plus explicit padding bits. */
function encodeBits(symbols: number[], padding: string): Uint8Array {
  const bits = symbols.map((s) => HUFFMAN_CODES[s]!.code.toString(2).padStart(HUFFMAN_CODES[s]!.bits, '0')).join('') + padding;
  assert.equal(bits.length % 8, 0, 'test input must fill whole bytes');
  const out = new Uint8Array(bits.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return out;
}

const decode = (bytes: Uint8Array) => decodeHuffman(bytes, 0, bytes.length);

test('Huffman: every byte value round-trips', () => {
  const symbols = Array.from({ length: 256 }, (_, i) => i);
  const total = symbols.reduce((n, s) => n + HUFFMAN_CODES[s]!.bits, 0);
  const bytes = encodeBits(symbols, '1'.repeat((8 - (total % 8)) % 8));
  const result = decode(bytes);
  assert.equal(result.ok, true);
  assert.deepEqual([...result.bytes], symbols);
});

test('Huffman padding: up to 7 one-bits accepted; zero bits, 8+ bits, or EOS rejected', () => {
  // 'a' is 00011 (5 bits): 3 padding bits complete the byte.
  assert.deepEqual(decode(encodeBits([97], '111')), { ok: true, bytes: Uint8Array.of(97) });
  assert.equal(decode(encodeBits([97], '101')).ok, false);
  const zeros = decode(encodeBits([97], '000'));
  assert.deepEqual(zeros.ok ? 'ok' : zeros.failure, 'huffman-padding');
  // 8 or more bits of padding: 'a' + 3 + 8 ones.
  const long = decode(encodeBits([97], '11111111111'));
  assert.deepEqual(long.ok ? 'ok' : long.failure, 'huffman-padding');
  // An explicit EOS (30 ones) inside the string.
  const eos = decode(encodeBits([97, 256], '11111'));
  assert.deepEqual(eos.ok ? 'ok' : [eos.failure, [...eos.bytes]], ['huffman-eos', [97]]);
  // Empty input is the empty string.
  assert.deepEqual(decode(new Uint8Array(0)), { ok: true, bytes: new Uint8Array(0) });
});
