import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import type { Body } from '../../src/model/exchange.js';
import { WireBodyCollector, decodeBody } from '../../src/body/index.js';
import { runCappedTransform } from '../../src/body/run-capped-transform.js';
import { SYNC_MAX_INPUT_BYTES, decodeCompleteSync, type SyncZlibCoding } from '../../src/body/undo-zlib-sync.js';
import { sampleJsonText } from './sample-bodies.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function wireBody(wire: Uint8Array, codings: string[]): Body {
  const collector = new WireBodyCollector(64 * 1024 * 1024);
  collector.push(wire);
  return collector.finish({ codings });
}

const ENCODERS: Record<SyncZlibCoding, (plain: Uint8Array) => Uint8Array> = {
  gzip: (p) => zlib.gzipSync(p),
  zlib: (p) => zlib.deflateSync(p),
  'raw-deflate': (p) => zlib.deflateRawSync(p),
  br: (p) => zlib.brotliCompressSync(p),
};

const STREAMS: Record<SyncZlibCoding, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  zlib: () => zlib.createInflate(),
  'raw-deflate': () => zlib.createInflateRaw(),
  br: () => zlib.createBrotliDecompress(),
};

test('a small gzip body over the cap still keeps its prefix (the sync path gives way to streaming)', async () => {
  const plain = sampleJsonText(64 * 1024, 1000, 3);
  const wire = zlib.gzipSync(plain);
  assert.ok(wire.length <= SYNC_MAX_INPUT_BYTES, 'the body is small enough for the sync path');
  const { body, issues } = await decodeBody(wireBody(wire, ['gzip']), { maxDecodedBytes: 1000 });
  assert.equal(body.status, 'capped');
  assert.equal(body.decoded?.length, 1000);
  assert.ok(Buffer.from(body.decoded!).equals(Buffer.from(plain.subarray(0, 1000))));
  assert.equal(body.decodedSize, 1000);
  assert.equal(body.decodedSha256, sha(plain.subarray(0, 1000)));
  assert.deepEqual(issues.map((i) => i.code), ['body-capped']);
});

test('a small body that fits the cap decodes completely, as a plain Uint8Array that owns its memory', async () => {
  const plain = sampleJsonText(3000, 1000, 4);
  for (const coding of ['gzip', 'deflate', 'br'] as const) {
    const wire = coding === 'gzip' ? zlib.gzipSync(plain) : coding === 'deflate' ? zlib.deflateSync(plain) : zlib.brotliCompressSync(plain);
    const { body, issues } = await decodeBody(wireBody(wire, [coding]), { maxDecodedBytes: plain.length });
    assert.equal(body.status, 'complete', coding);
    assert.deepEqual(issues, []);
    assert.ok(Buffer.from(body.decoded!).equals(Buffer.from(plain)), coding);
    assert.equal(body.decoded!.constructor, Uint8Array);
    assert.equal(body.decoded!.byteLength, body.decoded!.buffer.byteLength);
  }
});

test('a small body cut short still ends early with its prefix', async () => {
  const plain = sampleJsonText(40_000, 1000, 5);
  const wire = zlib.gzipSync(plain);
  const { body, issues } = await decodeBody(wireBody(wire.subarray(0, Math.floor(wire.length / 2)), ['gzip']));
  assert.equal(body.status, 'truncated');
  assert.ok(body.decoded!.length > 0 && body.decoded!.length < plain.length);
  assert.ok(Buffer.from(plain.subarray(0, body.decoded!.length)).equals(Buffer.from(body.decoded!)));
  assert.deepEqual(issues.map((i) => i.code), ['body-truncated']);
});

type Damage = { kind: 'none' } | { kind: 'cut'; at: number } | { kind: 'garbage'; bytes: number[] } | { kind: 'flip'; at: number } | { kind: 'twice' };

function damage(wire: Uint8Array, d: Damage): Uint8Array {
  switch (d.kind) {
    case 'none':
      return wire;
    case 'cut':
      return wire.subarray(0, Math.floor(d.at * wire.length));
    case 'garbage':
      return Buffer.concat([wire, Uint8Array.from(d.bytes)]);
    case 'flip': {
      const copy = new Uint8Array(wire);
      if (copy.length > 0) copy[Math.floor(d.at * copy.length)] ^= 0x5a;
      return copy;
    }
    case 'twice':
      return Buffer.concat([wire, wire]);
  }
}

test('whenever the sync path answers, the streaming path gives the same complete output', async () => {
  const damageArb: fc.Arbitrary<Damage> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
    fc.record({ kind: fc.constant('garbage' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
    fc.constant({ kind: 'twice' as const }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<SyncZlibCoding>('gzip', 'zlib', 'raw-deflate', 'br'),
      fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      damageArb,
      fc.integer({ min: 0, max: 30_000 }),
      async (coding, size, seed, d, cap) => {
        const wire = damage(ENCODERS[coding](sampleJsonText(size, 500, seed)), d);
        const fast = decodeCompleteSync(coding, wire, cap);
        const streamed = await runCappedTransform(STREAMS[coding](), wire, cap);
        if (fast === undefined) {
          // Only a clean, complete decode within the cap may be answered by the sync path.
          return;
        }
        assert.equal(fast.kind, 'complete');
        assert.equal(streamed.kind, 'complete', `${coding} ${d.kind}: sync said complete, streaming said ${streamed.kind}`);
        if (fast.kind === 'complete' && streamed.kind === 'complete') {
          assert.ok(Buffer.from(fast.output).equals(Buffer.from(streamed.output)));
          assert.ok(fast.output.length <= cap);
        }
      },
    ),
    { numRuns: 250 },
  );
});

test('whenever the streaming path completes within the bound on a small input, the sync path answers too', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom<SyncZlibCoding>('gzip', 'zlib', 'raw-deflate', 'br'), fc.integer({ min: 0, max: 20_000 }), async (coding, size) => {
      const wire = ENCODERS[coding](sampleJsonText(size, 500, size + 1));
      const streamed = await runCappedTransform(STREAMS[coding](), wire, 1 << 20);
      assert.equal(streamed.kind, 'complete');
      const fast = decodeCompleteSync(coding, wire, 1 << 20);
      assert.equal(fast?.kind, 'complete');
    }),
    { numRuns: 60 },
  );
});
