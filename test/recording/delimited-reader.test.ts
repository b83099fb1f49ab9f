// DelimitedReader / encodeDelimited: streaming split of `varint(len) || message` input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DelimitedReader, encodeDelimited, type DelimitedStep } from '../../src/source/delimited.js';
import { FIXTURES } from '../decode/fixture-files.js';

const file = readFileSync(join(FIXTURES, 'h2-post', 'ws-capture.ldpb'));

function drain(reader: DelimitedReader, out: DelimitedStep[]): void {
  for (let step = reader.next(); step !== undefined; step = reader.next()) out.push(step);
}

function readInChunks(bytes: Uint8Array, sizes: number[]): { steps: DelimitedStep[]; tail: ReturnType<DelimitedReader['end']> } {
  const reader = new DelimitedReader();
  const steps: DelimitedStep[] = [];
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes.length ? sizes[i++ % sizes.length]! : bytes.length);
    reader.push(bytes.subarray(at, at + size));
    at += size;
    drain(reader, steps);
  }
  return { steps, tail: reader.end() };
}

test('a fixture file splits into messages that re-encode to the same bytes, whatever the chunking', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 20 }), (sizes) => {
      const { steps, tail } = readInChunks(file, sizes);
      assert.equal(tail, undefined);
      assert.ok(steps.length > 10);
      let offset = 0;
      const parts: Uint8Array[] = [];
      for (const step of steps) {
        assert.ok('message' in step);
        assert.equal(step.offset, offset);
        const encoded = encodeDelimited(step.message);
        parts.push(encoded);
        offset += encoded.length;
      }
      assert.ok(Buffer.concat(parts).equals(file));
    }),
    { numRuns: 60 },
  );
});

test('one byte at a time gives the same messages', () => {
  const whole = readInChunks(file, []).steps;
  const bytewise = readInChunks(file, [1]).steps;
  assert.deepEqual(bytewise, whole);
});

test('encodeDelimited: varint prefixes of 0, 127, 128 and 300 bytes', () => {
  assert.deepEqual([...encodeDelimited(new Uint8Array(0))], [0]);
  assert.deepEqual([...encodeDelimited(new Uint8Array(127)).subarray(0, 1)], [127]);
  assert.deepEqual([...encodeDelimited(new Uint8Array(128)).subarray(0, 2)], [0x80, 0x01]);
  assert.deepEqual([...encodeDelimited(new Uint8Array(300)).subarray(0, 2)], [0xac, 0x02]);
  assert.equal(encodeDelimited(new Uint8Array(300)).length, 302);
});

test('empty messages are messages', () => {
  const reader = new DelimitedReader();
  reader.push(new Uint8Array([0, 0, 1, 7]));
  const steps: DelimitedStep[] = [];
  drain(reader, steps);
  assert.deepEqual(steps, [
    { message: new Uint8Array(0), offset: 0 },
    { message: new Uint8Array(0), offset: 1 },
    { message: new Uint8Array([7]), offset: 2 },
  ]);
  assert.equal(reader.end(), undefined);
});

test('a cut last record is truncated-record at its offset', () => {
  const cut = file.subarray(0, file.length - 3);
  const { steps, tail } = readInChunks(cut, [777]);
  const whole = readInChunks(file, []).steps;
  assert.deepEqual(steps, whole.slice(0, -1));
  const lastOffset = (whole.at(-1) as { offset: number }).offset;
  assert.equal(tail?.code, 'truncated-record');
  assert.equal(tail?.offset, lastOffset);
  assert.equal(tail?.byteLength, cut.length - lastOffset);
  // A cut inside the varint itself.
  const reader = new DelimitedReader();
  reader.push(new Uint8Array([0x05, 1, 2, 3, 4, 5, 0x80]));
  const more: DelimitedStep[] = [];
  drain(reader, more);
  assert.equal(more.length, 1);
  assert.deepEqual(reader.end(), { kind: 'undecodable', code: 'truncated-record', byteLength: 1, detail: 'input ends inside a record (1 bytes left)', offset: 6 });
});

test('a varint longer than 10 bytes is bad-varint, and the reader stops', () => {
  const reader = new DelimitedReader();
  reader.push(new Uint8Array([0x01, 0x41, ...new Array<number>(11).fill(0xff), 0x01]));
  const steps: DelimitedStep[] = [];
  drain(reader, steps);
  assert.equal(steps.length, 2);
  const error = steps[1]!;
  assert.ok('error' in error);
  assert.deepEqual([error.error.code, error.error.offset], ['bad-varint', 2]);
  reader.push(new Uint8Array([0x00]));
  assert.equal(reader.next(), undefined);
  assert.equal(reader.end(), undefined);
});

test('a record over maxMessageBytes is oversized-record before its bytes arrive', () => {
  const reader = new DelimitedReader({ maxMessageBytes: 1000 });
  reader.push(new Uint8Array([0x02, 0x41, 0x42, 0xe9, 0x07])); // 1001 declared
  const steps: DelimitedStep[] = [];
  drain(reader, steps);
  assert.equal(steps.length, 2);
  assert.ok('error' in steps[1]!);
  assert.deepEqual([steps[1].error.code, steps[1].error.offset, steps[1].error.byteLength], ['oversized-record', 3, 1001]);
  const exact = new DelimitedReader({ maxMessageBytes: 1000 });
  exact.push(encodeDelimited(new Uint8Array(1000)));
  const ok = exact.next();
  assert.ok(ok && 'message' in ok && ok.message.length === 1000);
});
