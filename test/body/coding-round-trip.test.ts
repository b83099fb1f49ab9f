import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { Body } from '../../src/model/exchange.js';
import { WireBodyCollector, decodeBody, parseContentCodings } from '../../src/body/index.js';
import { sampleJsonText } from './sample-bodies.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a).equals(b);

function wireBody(wire: Uint8Array, codings: string[], opts: { decodedByEcapture?: boolean } = {}): Body {
  const collector = new WireBodyCollector(64 * 1024 * 1024);
  collector.push(wire);
  return collector.finish({ codings, ...opts });
}

const original = sampleJsonText(64 * 1024, 5000, 3);
const originalSha = sha(original);

const encoders: Array<[name: string, coding: string, encode: (b: Uint8Array) => Uint8Array]> = [
  ['gzip', 'gzip', (b) => zlib.gzipSync(b)],
  ['x-gzip', 'x-gzip', (b) => zlib.gzipSync(b)],
  ['deflate (zlib-wrapped)', 'deflate', (b) => zlib.deflateSync(b)],
  ['deflate (raw, as some servers send it)', 'deflate', (b) => zlib.deflateRawSync(b)],
  ['br', 'br', (b) => zlib.brotliCompressSync(b)],
];

for (const [name, coding, encode] of encoders) {
  test(`${name} round-trips with hashes of the original`, async () => {
    const wire = encode(original);
    const { body, issues } = await decodeBody(wireBody(wire, [coding]));
    assert.deepEqual(issues, []);
    assert.equal(body.status, 'complete');
    assert.ok(same(body.decoded, Buffer.from(original)));
    assert.equal(body.decodedSize, original.length);
    assert.equal(body.decodedSha256, originalSha);
    assert.deepEqual(body.applied, [coding]);
    // The wire side is left as it was.
    assert.ok(same(body.wire, Buffer.from(wire)));
    assert.equal(body.wireSha256, sha(wire));
    assert.deepEqual(body.codings, [coding]);
  });
}

test('raw deflate that happens to pass the zlib header check is still read as raw', async () => {
  // Stored block "A" then an empty final stored block: bytes 78 01 look like a zlib header.
  const wire = new Uint8Array([0x78, 0x01, 0x00, 0xfe, 0xff, 0x41, 0x01, 0x00, 0x00, 0xff, 0xff]);
  assert.equal(((wire[0]! << 8) | wire[1]!) % 31, 0);
  const { body, issues } = await decodeBody(wireBody(wire, ['deflate']));
  assert.deepEqual(issues, []);
  assert.equal(Buffer.from(body.decoded!).toString(), 'A');
});

test('coding names are matched case-insensitively and trimmed', async () => {
  const { body } = await decodeBody(wireBody(zlib.gzipSync(original), [' GZip ']));
  assert.equal(body.decodedSha256, originalSha);
});

test('gzip with several members decodes all members in order', async () => {
  const a = sampleJsonText(3000, 100, 1);
  const b = sampleJsonText(5000, 100, 2);
  const wire = Buffer.concat([zlib.gzipSync(a), zlib.gzipSync(b)]);
  const { body } = await decodeBody(wireBody(wire, ['gzip']));
  assert.ok(same(body.decoded, Buffer.concat([a, b])));
});

test('stacked codings are undone last-applied first', async () => {
  // `Content-Encoding: gzip, br` means gzip was applied first, then br.
  const wire = zlib.brotliCompressSync(zlib.gzipSync(original));
  const { body, issues } = await decodeBody(wireBody(wire, ['gzip', 'br']));
  assert.deepEqual(issues, []);
  assert.equal(body.decodedSha256, originalSha);
  assert.deepEqual(body.applied, ['gzip', 'br']);

  const triple = zlib.deflateSync(zlib.brotliCompressSync(zlib.gzipSync(original)));
  const three = await decodeBody(wireBody(triple, ['gzip', 'br', 'deflate']));
  assert.equal(three.body.decodedSha256, originalSha);

  // The reverse order cannot decode it, so the order really is used.
  const wrong = await decodeBody(wireBody(wire, ['br', 'gzip']));
  assert.equal(wrong.body.status, 'undecodable');
});

test('identity and no codings leave decoded as the wire itself', async () => {
  const plain = wireBody(original, ['identity']);
  const { body, issues } = await decodeBody(plain);
  assert.deepEqual(issues, []);
  assert.equal(body.decoded, plain.wire);
  assert.equal(body.decodedSize, original.length);
  assert.equal(body.decodedSha256, originalSha);
  assert.deepEqual(body.applied, []);

  const none = await decodeBody(wireBody(original, []));
  assert.equal(none.body.decodedSha256, originalSha);
  assert.equal(none.body.status, 'complete');
});

test('an absent body decodes to nothing', async () => {
  const { body, issues } = await decodeBody(new WireBodyCollector(10).finish({ codings: ['gzip'] }));
  assert.deepEqual(issues, []);
  assert.equal(body.status, 'absent');
  assert.equal(body.decoded, undefined);
  assert.equal(body.decodedSize, 0);
  assert.deepEqual(body.applied, []);
});

test('decoded-by-ecapture under a lone gzip is not decoded twice', async () => {
  const input = wireBody(original, ['gzip'], { decodedByEcapture: true });
  const { body, issues } = await decodeBody(input);
  assert.deepEqual(issues, []);
  assert.equal(body.status, 'decoded-by-ecapture');
  assert.equal(body.decoded, input.wire);
  assert.equal(body.decodedSha256, originalSha);
  assert.deepEqual(body.applied, []);
});

test('decoded-by-ecapture but still gzip (wire starts 1f 8b): decoded here (§7.4)', async () => {
  const { body, issues } = await decodeBody(wireBody(zlib.gzipSync(original), ['gzip'], { decodedByEcapture: true }));
  assert.deepEqual(issues, []);
  assert.equal(body.status, 'decoded-by-ecapture');
  assert.equal(body.decodedSha256, originalSha);
  assert.deepEqual(body.applied, ['gzip']);
});

test('decoded-by-ecapture with a coding eCapture leaves alone (br, x-gzip) is decoded here', async () => {
  const br = await decodeBody(wireBody(zlib.brotliCompressSync(original), ['br'], { decodedByEcapture: true }));
  assert.equal(br.body.decodedSha256, originalSha);
  assert.deepEqual(br.body.applied, ['br']);
  const xgzip = await decodeBody(wireBody(zlib.gzipSync(original), ['x-gzip'], { decodedByEcapture: true }));
  assert.equal(xgzip.body.decodedSha256, originalSha);
});

test('decodeBody returns a new Body and leaves its input alone', async () => {
  const input = wireBody(zlib.gzipSync(original), ['gzip']);
  const before = structuredClone(input);
  const { body } = await decodeBody(input);
  assert.notEqual(body, input);
  assert.deepEqual(input, before);
});

test('parseContentCodings splits, trims, lowercases and drops identity', () => {
  assert.deepEqual(parseContentCodings([]), []);
  assert.deepEqual(parseContentCodings(['gzip']), ['gzip']);
  assert.deepEqual(parseContentCodings([' GZIP , br', 'identity', 'Zstd']), ['gzip', 'br', 'zstd']);
  assert.deepEqual(parseContentCodings(['deflate,,identity, ', 'x-gzip']), ['deflate', 'x-gzip']);
  assert.deepEqual(parseContentCodings(['Identity']), []);
});
