import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { WireBodyCollector, WireBodyFinishedError, absentBody } from '../../src/body/index.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

test('no bytes and not truncated is an absent body', () => {
  const body = new WireBodyCollector(100).finish({ codings: ['gzip'] });
  assert.deepEqual(body, { status: 'absent', wireSize: 0, codings: ['gzip'], applied: [] });
  assert.deepEqual(absentBody(), { status: 'absent', wireSize: 0, codings: [], applied: [] });
});

test('a body under the cap is kept whole, hashed and complete', () => {
  const collector = new WireBodyCollector(1000);
  collector.push(bytesOf('hello, '));
  collector.push(new Uint8Array(0));
  collector.push(bytesOf('world'));
  assert.equal(collector.size, 12);
  const body = collector.finish({ codings: [] });
  assert.equal(body.status, 'complete');
  assert.deepEqual(body.wire, bytesOf('hello, world'));
  assert.equal(body.wireSize, 12);
  assert.equal(body.wireSha256, sha(bytesOf('hello, world')));
  assert.deepEqual(body.applied, []);
  assert.equal(body.decoded, undefined);
  assert.equal(body.decodedSize, undefined);
  assert.equal(body.decodedSha256, undefined);
});

test('past the cap only a prefix is kept but size and hash cover every byte', () => {
  const all = bytesOf('0123456789abcdefghijklmnopqrstuvwxyz');
  const collector = new WireBodyCollector(10);
  collector.push(all.subarray(0, 4));
  collector.push(all.subarray(4, 15));
  collector.push(all.subarray(15));
  const body = collector.finish({ codings: ['br'] });
  assert.equal(body.status, 'capped');
  assert.deepEqual(body.wire, all.subarray(0, 10));
  assert.equal(body.wireSize, all.length);
  assert.equal(body.wireSha256, sha(all));
  assert.deepEqual(body.codings, ['br']);
});

test('exactly the cap is complete: nothing was dropped', () => {
  const collector = new WireBodyCollector(5);
  collector.push(bytesOf('abcde'));
  assert.equal(collector.finish({ codings: [] }).status, 'complete');
});

test('a zero cap keeps an empty prefix and says capped', () => {
  const collector = new WireBodyCollector(0);
  collector.push(bytesOf('abc'));
  const body = collector.finish({ codings: [] });
  assert.equal(body.status, 'capped');
  assert.deepEqual(body.wire, new Uint8Array(0));
  assert.equal(body.wireSize, 3);
  assert.equal(body.wireSha256, sha(bytesOf('abc')));
});

test('status precedence: truncated over capped over decoded-by-ecapture', () => {
  const capped = new WireBodyCollector(2);
  capped.push(bytesOf('abcdef'));
  assert.equal(capped.finish({ codings: [], truncated: true, decodedByEcapture: true }).status, 'truncated');
  const capped2 = new WireBodyCollector(2);
  capped2.push(bytesOf('abcdef'));
  assert.equal(capped2.finish({ codings: [], decodedByEcapture: true }).status, 'capped');
  const whole = new WireBodyCollector(20);
  whole.push(bytesOf('abcdef'));
  assert.equal(whole.finish({ codings: ['gzip'], decodedByEcapture: true }).status, 'decoded-by-ecapture');
});

test('truncated with no bytes is truncated, not absent', () => {
  const body = new WireBodyCollector(10).finish({ codings: [], truncated: true });
  assert.equal(body.status, 'truncated');
  assert.equal(body.wire, undefined);
  assert.equal(body.wireSize, 0);
  assert.equal(body.wireSha256, sha(new Uint8Array(0)));
});

test('kept bytes are a copy: the caller may reuse its buffer', () => {
  const buffer = bytesOf('abcdef');
  const collector = new WireBodyCollector(100);
  collector.push(buffer.subarray(0, 3));
  buffer.fill(0x21);
  const body = collector.finish({ codings: [] });
  assert.deepEqual(body.wire, bytesOf('abc'));
  assert.equal(body.wire?.buffer.byteLength, 3);
});

test('push after finish is a misuse error with a stable code; finish again gives the same body', () => {
  const collector = new WireBodyCollector(100);
  collector.push(bytesOf('abc'));
  const first = collector.finish({ codings: [] });
  assert.throws(() => collector.push(bytesOf('d')), (err: unknown) => {
    return err instanceof WireBodyFinishedError && err.code === 'ERR_WIRE_BODY_FINISHED';
  });
  assert.deepEqual(collector.finish({ codings: [] }), first);
});

test('random splits of the same bytes give an identical Body (property)', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 3000 }),
      fc.array(fc.nat({ max: 3000 }), { maxLength: 12 }),
      fc.nat({ max: 4000 }),
      fc.boolean(),
      (data, cuts, cap, truncated) => {
        const whole = new WireBodyCollector(cap);
        whole.push(data);
        const expected = whole.finish({ codings: ['gzip'], truncated });

        const points = [...new Set(cuts.map((c) => Math.min(c, data.length)))].sort((a, b) => a - b);
        const split = new WireBodyCollector(cap);
        let at = 0;
        for (const point of [...points, data.length]) {
          split.push(data.subarray(at, point));
          at = point;
        }
        const actual = split.finish({ codings: ['gzip'], truncated });
        assert.deepEqual(actual, expected);

        // And the Body says what the bytes were, independently of the collector.
        assert.equal(actual.wireSize, data.length);
        if (data.length > 0) {
          assert.deepEqual(actual.wire, data.subarray(0, Math.min(cap, data.length)));
          assert.equal(actual.wireSha256, sha(data));
        }
        const dropped = data.length > cap;
        const status = truncated ? 'truncated' : data.length === 0 ? 'absent' : dropped ? 'capped' : 'complete';
        assert.equal(actual.status, status);
      },
    ),
    { numRuns: 200 },
  );
});
