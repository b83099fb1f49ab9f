import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { Body } from '../../src/model/exchange.js';
import { DEFAULT_BODY_LIMITS, WireBodyCollector, decodeBody } from '../../src/body/index.js';
import { nativeZstdAvailable, zstdDecompressCapped, type ZstdBackend } from '../../src/body/undo-zstd-coding.js';
import { sampleJsonText } from './sample-bodies.js';
import { frameHeader, rleBomb } from './zstd-build.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const MiB = 1024 * 1024;
const RSS_GROWTH_BOUND = 200 * MiB;
// A guard against hangs only; nothing here asserts on time.
const GUARD = { timeout: 60_000 };

function wireBody(wire: Uint8Array, codings: string[]): Body {
  const collector = new WireBodyCollector(64 * MiB);
  collector.push(wire);
  return collector.finish({ codings });
}

/** 1 GiB of zeros as 1024 gzip members of 1 MiB each: about 1 MiB of wire, built in milliseconds. */
function gzipBombOneGiB(): Uint8Array {
  const member = zlib.gzipSync(Buffer.alloc(MiB), { level: 9 });
  const out = new Uint8Array(member.length * 1024);
  for (let i = 0; i < 1024; i++) out.set(member, i * member.length);
  return out;
}

async function decodeWatchingRss(body: Body, limits?: Parameters<typeof decodeBody>[1]) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await decodeBody(body, limits);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

test('1 GiB gzip bomb stops at the default cap with the prefix kept', GUARD, async () => {
  const wire = gzipBombOneGiB();
  const { result, growth } = await decodeWatchingRss(wireBody(wire, ['gzip']));
  const cap = DEFAULT_BODY_LIMITS.maxDecodedBytes;
  const { body, issues } = result;
  assert.equal(body.status, 'capped');
  assert.equal(body.decoded?.length, cap);
  assert.equal(body.decodedSize, cap);
  assert.equal(body.decodedSha256, sha(Buffer.alloc(cap)));
  assert.ok(Buffer.from(body.decoded!).equals(Buffer.alloc(cap)));
  assert.deepEqual(body.applied, ['gzip']);
  assert.deepEqual(issues.map((i) => i.code), ['body-capped']);
  assert.ok(growth < RSS_GROWTH_BOUND, `rss grew ${growth} bytes`);
});

test('brotli bomb (64 MiB of zeros in a few KiB) stops at a small cap', GUARD, async () => {
  const wire = zlib.brotliCompressSync(Buffer.alloc(64 * MiB), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
  });
  assert.ok(wire.length < 64 * 1024);
  const { result, growth } = await decodeWatchingRss(wireBody(wire, ['br']), { maxDecodedBytes: MiB });
  assert.equal(result.body.status, 'capped');
  assert.equal(result.body.decoded?.length, MiB);
  assert.equal(result.body.decodedSha256, sha(Buffer.alloc(MiB)));
  assert.deepEqual(result.issues.map((i) => i.code), ['body-capped']);
  assert.ok(growth < RSS_GROWTH_BOUND, `rss grew ${growth} bytes`);
});

test('deflate bomb under a small cap', GUARD, async () => {
  const wire = zlib.deflateSync(Buffer.alloc(32 * MiB));
  const { body } = await decodeBody(wireBody(wire, ['deflate']), { maxDecodedBytes: 100_000 });
  assert.equal(body.status, 'capped');
  assert.equal(body.decoded?.length, 100_000);
});

const backends: ZstdBackend[] = nativeZstdAvailable() ? ['native', 'fzstd'] : ['fzstd'];

test('1 GiB zstd bomb (RLE blocks, no declared size) stops at the default cap', GUARD, async () => {
  const wire = rleBomb(frameHeader({ windowDescriptor: 0x38 }), 8192); // 8192 × 128 KiB = 1 GiB
  const { result, growth } = await decodeWatchingRss(wireBody(wire, ['zstd']));
  const cap = DEFAULT_BODY_LIMITS.maxDecodedBytes;
  assert.equal(result.body.status, 'capped');
  assert.equal(result.body.decoded?.length, cap);
  assert.equal(result.body.decodedSha256, sha(Buffer.alloc(cap, 0x41)));
  assert.deepEqual(result.issues.map((i) => i.code), ['body-capped']);
  assert.ok(growth < RSS_GROWTH_BOUND, `rss grew ${growth} bytes`);
  for (const backend of backends) {
    const outcome = await zstdDecompressCapped(wire, { maxOutputBytes: MiB, maxWindowBytes: 8 * MiB }, backend);
    assert.equal(outcome.kind, 'capped', backend);
    assert.equal(outcome.kind === 'capped' && outcome.output.length, MiB, backend);
  }
});

test('output exactly at the cap is complete, one byte more is capped', async () => {
  const text = sampleJsonText(50_000, 100, 5);
  const wire = zlib.gzipSync(text);
  const exact = await decodeBody(wireBody(wire, ['gzip']), { maxDecodedBytes: 50_000 });
  assert.equal(exact.body.status, 'complete');
  assert.deepEqual(exact.issues, []);
  const under = await decodeBody(wireBody(wire, ['gzip']), { maxDecodedBytes: 49_999 });
  assert.equal(under.body.status, 'capped');
  assert.ok(Buffer.from(text).subarray(0, 49_999).equals(under.body.decoded!));
  assert.equal(under.body.decodedSha256, sha(text.subarray(0, 49_999)));
});

test('stacked codings: an inner layer cut by the cap reports capped, not truncated', async () => {
  const text = sampleJsonText(400_000, 1_000_000, 9);
  const inner = zlib.gzipSync(text);
  const wire = zlib.brotliCompressSync(inner);
  const cap = Math.floor(inner.length / 2);
  const { body, issues } = await decodeBody(wireBody(wire, ['gzip', 'br']), { maxDecodedBytes: cap });
  assert.equal(body.status, 'capped');
  assert.deepEqual(issues.map((i) => i.code), ['body-capped']);
  assert.ok(body.decoded!.length <= cap);
  assert.ok(Buffer.from(text).subarray(0, body.decoded!.length).equals(body.decoded!));
});

test('stacked codings: a cut outer layer and a capped inner layer report both, status truncated', async () => {
  const inner = zlib.gzipSync(Buffer.alloc(8 * MiB));
  const wire = zlib.deflateSync(inner);
  const cut = wire.subarray(0, Math.floor(wire.length * 0.7));
  const { body, issues } = await decodeBody(wireBody(cut, ['gzip', 'deflate']), { maxDecodedBytes: 64 * 1024 });
  assert.equal(body.status, 'truncated');
  assert.equal(body.decoded?.length, 64 * 1024);
  assert.deepEqual(issues.map((i) => i.code).sort(), ['body-capped', 'body-truncated']);
});
