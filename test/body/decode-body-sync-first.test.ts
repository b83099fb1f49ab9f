// decodeBodySyncFirst: the synchronous answer the pipeline takes for most bodies. It must be exactly
// what decoding gives, and it must become a promise whenever the streaming decoders are needed to
// tell a cap, a cut or damage apart (or the coding has no sync path: zstd).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import type { Body } from '../../src/model/exchange.js';
import { WireBodyCollector } from '../../src/body/index.js';
import { decodeBodySyncFirst, type DecodedBodyResult } from '../../src/body/decode-body.js';
import { SMALL_ORIGINAL, SMALL_SHA256, ZSTD_SMALL } from './zstd-fixtures.js';
import { sampleJsonText } from './sample-bodies.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const ZSTD_SMALL_BYTES = new Uint8Array(Buffer.from(ZSTD_SMALL, 'base64'));

/** The answer, which must have come synchronously. */
function now(result: DecodedBodyResult | Promise<DecodedBodyResult>, what: string): DecodedBodyResult {
  assert.ok(!(result instanceof Promise), `${what} is answered at once`);
  return result;
}

function wireBody(wire: Uint8Array, codings: string[]): Body {
  const collector = new WireBodyCollector(64 * 1024 * 1024);
  collector.push(wire);
  return collector.finish({ codings });
}

const ENCODE = {
  gzip: (p: Uint8Array) => zlib.gzipSync(p),
  deflate: (p: Uint8Array) => zlib.deflateSync(p),
  br: (p: Uint8Array) => zlib.brotliCompressSync(p),
} as const;
type Coding = keyof typeof ENCODE;

test('stacked codings within the cap: the synchronous answer is the plain text, complete, hashed', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom<Coding>('gzip', 'deflate', 'br'), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 1e6 }), (codings, size, seed) => {
      const plain = sampleJsonText(size, 500, seed);
      let wire: Uint8Array = plain;
      for (const coding of codings) wire = ENCODE[coding](wire); // applied in header order
      const result = now(decodeBodySyncFirst(wireBody(wire, codings)), `${codings.join(', ')} of ${size} bytes`);
      assert.deepEqual(result.issues, []);
      assert.equal(result.body.status, 'complete');
      assert.ok(Buffer.from(result.body.decoded!).equals(Buffer.from(plain)));
      assert.equal(result.body.decodedSize, plain.length);
      assert.equal(result.body.decodedSha256, sha(plain));
      assert.deepEqual(result.body.applied, codings);
      assert.equal(result.body.wireSha256, sha(wire));
    }),
    { numRuns: 60 },
  );
});

test('a cap, a cut stream, damage or zstd: the answer is a promise, and the streaming decoders decide', async () => {
  const plain = sampleJsonText(30_000, 500, 7);
  const gz = zlib.gzipSync(plain);
  const cases: Array<{ name: string; body: Body; maxDecodedBytes?: number; status: Body['status']; issue?: string }> = [
    { name: 'over the cap', body: wireBody(gz, ['gzip']), maxDecodedBytes: 1000, status: 'capped', issue: 'body-capped' },
    { name: 'cut', body: wireBody(gz.subarray(0, gz.length >> 1), ['gzip']), status: 'truncated', issue: 'body-truncated' },
    { name: 'corrupt', body: wireBody(Uint8Array.from([0x1f, 0x8b, 9, 9, 9, 9]), ['gzip']), status: 'undecodable', issue: 'body-undecodable' },
    { name: 'zstd', body: wireBody(ZSTD_SMALL_BYTES, ['zstd']), status: 'complete' },
  ];
  for (const c of cases) {
    const limits = c.maxDecodedBytes === undefined ? undefined : { maxDecodedBytes: c.maxDecodedBytes };
    const answer = decodeBodySyncFirst(c.body, limits);
    assert.ok(answer instanceof Promise, `${c.name}: no synchronous answer`);
    const decided = await answer;
    assert.equal(decided.body.status, c.status, c.name);
    assert.deepEqual(decided.issues.map((i) => i.code), c.issue ? [c.issue] : [], c.name);
  }
  const zstd = await decodeBodySyncFirst(wireBody(ZSTD_SMALL_BYTES, ['zstd']));
  assert.equal(zstd.body.decodedSize, SMALL_ORIGINAL.size);
  assert.equal(zstd.body.decodedSha256, SMALL_SHA256);
});

test('an unknown coding needs no decoding: answered at once, body kept as sent, flagged', () => {
  const gz = zlib.gzipSync(sampleJsonText(3000, 500, 8));
  const result = now(decodeBodySyncFirst(wireBody(gz, ['compress'])), 'an unknown coding');
  assert.equal(result.body.status, 'complete');
  assert.equal(result.body.decoded, undefined);
  assert.deepEqual(result.issues.map((i) => i.code), ['unknown-coding']);
});

test('nothing to undo: the wire is the decoded body, answered at once', () => {
  const plain = sampleJsonText(2000, 500, 9);
  const result = now(decodeBodySyncFirst(wireBody(plain, [])), 'an identity body');
  assert.equal(result.body.decoded, result.body.wire);
  assert.equal(result.body.decodedSha256, sha(plain));
  assert.deepEqual(result.body.applied, []);
});
