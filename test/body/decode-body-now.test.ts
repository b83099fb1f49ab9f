// decodeBodyNow: the synchronous answer the pipeline takes for most bodies. It must be exactly what
// decoding gives, and it must step aside (undefined) whenever the streaming decoders are needed to
// tell a cap, a cut or damage apart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import type { Body } from '../../src/model/exchange.js';
import { WireBodyCollector, decodeBody } from '../../src/body/index.js';
import { decodeBodyNow } from '../../src/body/decode-body.js';
import { sampleJsonText } from './sample-bodies.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

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
      const result = decodeBodyNow(wireBody(wire, codings));
      assert.ok(result, `${codings.join(', ')} of ${size} bytes is answered at once`);
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

test('a cap, a cut stream, zstd or an unknown coding: no synchronous answer; decodeBody still decides', async () => {
  const plain = sampleJsonText(30_000, 500, 7);
  const gz = zlib.gzipSync(plain);
  const cases: Array<{ name: string; body: Body; maxDecodedBytes?: number; status: Body['status']; issue?: string }> = [
    { name: 'over the cap', body: wireBody(gz, ['gzip']), maxDecodedBytes: 1000, status: 'capped', issue: 'body-capped' },
    { name: 'cut', body: wireBody(gz.subarray(0, gz.length >> 1), ['gzip']), status: 'truncated', issue: 'body-truncated' },
    { name: 'unknown', body: wireBody(gz, ['compress']), status: 'complete', issue: 'unknown-coding' },
    { name: 'corrupt', body: wireBody(Uint8Array.from([0x1f, 0x8b, 9, 9, 9, 9]), ['gzip']), status: 'undecodable', issue: 'body-undecodable' },
  ];
  for (const c of cases) {
    const limits = c.maxDecodedBytes === undefined ? undefined : { maxDecodedBytes: c.maxDecodedBytes };
    assert.equal(decodeBodyNow(c.body, limits), undefined, c.name);
    const decided = await decodeBody(c.body, limits);
    assert.equal(decided.body.status, c.status, c.name);
    assert.deepEqual(decided.issues.map((i) => i.code), c.issue ? [c.issue] : [], c.name);
  }
});

test('nothing to undo: the wire is the decoded body, answered at once', () => {
  const plain = sampleJsonText(2000, 500, 9);
  const result = decodeBodyNow(wireBody(plain, []));
  assert.ok(result);
  assert.equal(result.body.decoded, result.body.wire);
  assert.equal(result.body.decodedSha256, sha(plain));
  assert.deepEqual(result.body.applied, []);
});
