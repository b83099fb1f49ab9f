import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import type { Body } from '../../src/model/exchange.js';
import { WireBodyCollector, decodeBody } from '../../src/body/index.js';
import { sampleJsonText } from './sample-bodies.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const original = sampleJsonText(200_000, 1_000_000, 21);

function wireBody(wire: Uint8Array, codings: string[], opts: { truncated?: boolean; maxBytes?: number } = {}): Body {
  const collector = new WireBodyCollector(opts.maxBytes ?? 64 * 1024 * 1024);
  collector.push(wire);
  return collector.finish({ codings, truncated: opts.truncated ?? false });
}

function assertPrefixOfOriginal(decoded: Uint8Array | undefined): void {
  assert.ok(decoded !== undefined);
  assert.ok(decoded.length < original.length);
  assert.ok(Buffer.from(original).subarray(0, decoded.length).equals(decoded));
}

test('truncated gzip on a wire that looked whole: prefix kept, status truncated, issue body-truncated', async () => {
  const gz = zlib.gzipSync(original);
  const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
  const { body, issues } = await decodeBody(wireBody(cut, ['gzip']));
  assert.equal(body.status, 'truncated');
  assertPrefixOfOriginal(body.decoded);
  assert.ok(body.decoded!.length > 0);
  assert.equal(body.decodedSize, body.decoded!.length);
  assert.equal(body.decodedSha256, sha(body.decoded!));
  assert.deepEqual(body.applied, ['gzip']);
  assert.deepEqual(issues.map((i) => i.code), ['body-truncated']);
});

test('truncated gzip on a wire already marked truncated: status stays, no new issue', async () => {
  const gz = zlib.gzipSync(original);
  const { body, issues } = await decodeBody(wireBody(gz.subarray(0, 5000), ['gzip'], { truncated: true }));
  assert.equal(body.status, 'truncated');
  assertPrefixOfOriginal(body.decoded);
  assert.deepEqual(issues, []);
});

test('a wire capped by the collector decodes its prefix and stays capped', async () => {
  const gz = zlib.gzipSync(original);
  const input = wireBody(gz, ['gzip'], { maxBytes: 4000 });
  assert.equal(input.status, 'capped');
  const { body, issues } = await decodeBody(input);
  assert.equal(body.status, 'capped');
  assertPrefixOfOriginal(body.decoded);
  assert.equal(body.wireSize, gz.length);
  assert.deepEqual(issues, []);
});

test('truncated deflate, raw deflate and br streams keep a prefix too', async () => {
  const encoded: Array<[string, Uint8Array]> = [
    ['deflate', zlib.deflateSync(original)],
    ['deflate', zlib.deflateRawSync(original)],
    ['br', zlib.brotliCompressSync(original, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })],
  ];
  for (const [coding, full] of encoded) {
    const { body, issues } = await decodeBody(wireBody(full.subarray(0, Math.floor(full.length * 0.7)), [coding]));
    assert.equal(body.status, 'truncated', coding);
    assertPrefixOfOriginal(body.decoded);
    assert.deepEqual(issues.map((i) => i.code), ['body-truncated'], coding);
  }
});

test('garbage under each coding is undecodable: no throw, wire kept, decoded side unset', async () => {
  const garbage = new TextEncoder().encode('<html>this body was never compressed</html>');
  for (const coding of ['gzip', 'deflate', 'br', 'zstd']) {
    const input = wireBody(garbage, [coding]);
    const { body, issues } = await decodeBody(input);
    assert.equal(body.status, 'undecodable', coding);
    assert.equal(body.decoded, undefined, coding);
    assert.equal(body.decodedSize, undefined, coding);
    assert.equal(body.decodedSha256, undefined, coding);
    assert.deepEqual(body.applied, [], coding);
    assert.equal(body.wire, input.wire, coding);
    assert.equal(body.wireSha256, sha(garbage), coding);
    assert.equal(issues.length, 1, coding);
    assert.equal(issues[0]!.code, 'body-undecodable', coding);
    assert.match(issues[0]!.detail ?? '', new RegExp(`^${coding}: `), coding);
  }
});

test('a corrupted byte inside a gzip stream is undecodable', async () => {
  const gz = Buffer.from(zlib.gzipSync(original));
  gz[gz.length - 5] ^= 0xff; // inside the CRC32/ISIZE trailer
  const { body, issues } = await decodeBody(wireBody(gz, ['gzip']));
  assert.equal(body.status, 'undecodable');
  assert.equal(issues[0]?.code, 'body-undecodable');
});

test('an unknown coding keeps the wire as it is and reports unknown-coding', async () => {
  const wire = zlib.gzipSync(original);
  for (const codings of [['compress'], ['gzip', 'x-custom'], ['x-custom', 'gzip']]) {
    const input = wireBody(wire, codings);
    const { body, issues } = await decodeBody(input);
    assert.equal(body.status, 'complete');
    assert.equal(body.wire, input.wire);
    assert.equal(body.decoded, undefined);
    assert.equal(body.decodedSize, undefined);
    assert.equal(body.decodedSha256, undefined);
    assert.deepEqual(body.applied, []);
    assert.deepEqual(issues.map((i) => i.code), ['unknown-coding']);
  }
});

test('an empty truncated body under gzip decodes to nothing without throwing', async () => {
  const { body } = await decodeBody(wireBody(new Uint8Array(0), ['gzip'], { truncated: true }));
  assert.equal(body.status, 'truncated');
  assert.equal(body.decoded?.length, 0);
});

test('nonsense limits fall back to the defaults', async () => {
  const { body } = await decodeBody(wireBody(zlib.gzipSync(original), ['gzip']), {
    maxDecodedBytes: Number.NaN,
    maxZstdWindowBytes: -1,
  });
  assert.equal(body.status, 'complete');
  assert.equal(body.decodedSize, original.length);
});

test('any cut of a gzip stream never throws and never decodes to anything but a prefix (property)', async () => {
  const text = sampleJsonText(20_000, 1_000_000, 4);
  const gz = zlib.gzipSync(text);
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: gz.length }), fc.option(fc.nat({ max: gz.length - 1 })), async (cutAt, flipAt) => {
      const wire = Buffer.from(gz.subarray(0, cutAt));
      if (flipAt !== null && flipAt < wire.length) wire[flipAt] ^= 0x5a;
      const { body } = await decodeBody(wireBody(wire, ['gzip']));
      if (body.decoded !== undefined && flipAt === null) {
        assert.ok(Buffer.from(text).subarray(0, body.decoded.length).equals(body.decoded));
      }
      if (body.status === 'undecodable') assert.equal(body.decoded, undefined);
      if (cutAt === gz.length && flipAt === null) assert.equal(body.status, 'complete');
    }),
    { numRuns: 60 },
  );
});
