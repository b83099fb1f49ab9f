// RFC 7541 Appendix C: integer examples, single representations, and the request/response
// sequences with and without Huffman coding, decoder state carried from one block to the next.
// Expected fields and table states are copied from the RFC text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder } from '../../src/http2/hpack/decoder.js';
import { decodeInteger } from '../../src/http2/hpack/integer.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

function freshDecoder(): HpackDecoder {
  return new HpackDecoder({ maxHeaderListBytes: 1 << 20, maxHeaderFields: 1000, tableCap: 65536, lateAttach: false });
}

type Pairs = Array<[string, string]>;

function decodePairs(decoder: HpackDecoder, block: string): Pairs {
  const result = decoder.decode(hex(block));
  assert.equal(result.failure, undefined);
  assert.equal(result.placeholders, 0);
  return result.fields.map((f) => [f.name, f.value]);
}

function tableOf(decoder: HpackDecoder): Pairs {
  return decoder.table.entries().map((e) => [e.name ?? '?', e.value]);
}

test('C.1 integer representation examples', () => {
  assert.deepEqual(decodeInteger(Uint8Array.of(0b000_01010), 0, 1, 5), { ok: true, value: 10, next: 1 });
  assert.deepEqual(decodeInteger(Uint8Array.of(0b000_11111, 0b10011010, 0b00001010), 0, 3, 5), { ok: true, value: 1337, next: 3 });
  assert.deepEqual(decodeInteger(Uint8Array.of(42), 0, 1, 8), { ok: true, value: 42, next: 1 });
});

test('C.2 header field representation examples', () => {
  const d1 = freshDecoder();
  assert.deepEqual(decodePairs(d1, '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'), [['custom-key', 'custom-header']]);
  assert.deepEqual(tableOf(d1), [['custom-key', 'custom-header']]);
  assert.equal(d1.table.size, 55);

  const d2 = freshDecoder();
  assert.deepEqual(decodePairs(d2, '040c 2f73 616d 706c 652f 7061 7468'), [[':path', '/sample/path']]);
  assert.equal(d2.table.length, 0);

  const d3 = freshDecoder();
  const never = d3.decode(hex('1008 7061 7373 776f 7264 0673 6563 7265 74'));
  assert.deepEqual(never.fields, [{ name: 'password', value: 'secret', neverIndexed: true }]);
  assert.equal(d3.table.length, 0);

  const d4 = freshDecoder();
  assert.deepEqual(decodePairs(d4, '82'), [[':method', 'GET']]);
  assert.equal(d4.table.length, 0);
});

const REQUESTS: Pairs[] = [
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
  [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
];
const REQUEST_TABLES: Array<{ entries: Pairs; size: number }> = [
  { entries: [[':authority', 'www.example.com']], size: 57 },
  { entries: [['cache-control', 'no-cache'], [':authority', 'www.example.com']], size: 110 },
  { entries: [['custom-key', 'custom-value'], ['cache-control', 'no-cache'], [':authority', 'www.example.com']], size: 164 },
];

function runSequence(blocks: string[], lists: Pairs[], tables: Array<{ entries: Pairs; size: number }>, tableSize?: number): void {
  const decoder = freshDecoder();
  // C.5/C.6: SETTINGS_HEADER_TABLE_SIZE is 256; the RFC's blocks carry no size update, so set it.
  if (tableSize !== undefined) decoder.table.resize(tableSize);
  blocks.forEach((block, i) => {
    assert.deepEqual(decodePairs(decoder, block), lists[i], `block ${i + 1}`);
    assert.deepEqual(tableOf(decoder), tables[i]!.entries, `table after block ${i + 1}`);
    assert.equal(decoder.table.size, tables[i]!.size, `table size after block ${i + 1}`);
  });
}

test('C.3 requests without Huffman coding', () => {
  runSequence(
    [
      '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
      '8286 84be 5808 6e6f 2d63 6163 6865',
      '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
    ],
    REQUESTS,
    REQUEST_TABLES,
  );
});

test('C.4 requests with Huffman coding', () => {
  runSequence(
    [
      '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
      '8286 84be 5886 a8eb 1064 9cbf',
      '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
    ],
    REQUESTS,
    REQUEST_TABLES,
  );
});

const DATE1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const DATE2 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
const RESPONSES: Pairs[] = [
  [[':status', '302'], ['cache-control', 'private'], ['date', DATE1], ['location', 'https://www.example.com']],
  [[':status', '307'], ['cache-control', 'private'], ['date', DATE1], ['location', 'https://www.example.com']],
  [
    [':status', '200'],
    ['cache-control', 'private'],
    ['date', DATE2],
    ['location', 'https://www.example.com'],
    ['content-encoding', 'gzip'],
    ['set-cookie', COOKIE],
  ],
];
const RESPONSE_TABLES: Array<{ entries: Pairs; size: number }> = [
  {
    entries: [['location', 'https://www.example.com'], ['date', DATE1], ['cache-control', 'private'], [':status', '302']],
    size: 222,
  },
  {
    entries: [[':status', '307'], ['location', 'https://www.example.com'], ['date', DATE1], ['cache-control', 'private']],
    size: 222,
  },
  { entries: [['set-cookie', COOKIE], ['content-encoding', 'gzip'], ['date', DATE2]], size: 215 },
];

test('C.5 responses without Huffman coding (table size 256, evictions)', () => {
  runSequence(
    [
      '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
      '4803 3330 37c1 c0bf',
      '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
    ],
    RESPONSES,
    RESPONSE_TABLES,
    256,
  );
});

test('C.6 responses with Huffman coding (table size 256, evictions)', () => {
  runSequence(
    [
      '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
      '4883 640e ffc1 c0bf',
      '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
    ],
    RESPONSES,
    RESPONSE_TABLES,
    256,
  );
});
