// The frame reader against frames built independently (helpers/build-frames.ts): any split of the
// bytes gives the same frames; padding, priority fields, CONTINUATION and unknown types are
// handled; protocol errors are flagged without losing step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameReader } from '../../src/http2/frame-reader.js';
import {
  concat,
  dataFrame,
  frame,
  goawayFrame,
  headersFrames,
  pingFrame,
  PREFACE,
  pushPromiseFrames,
  rstStreamFrame,
  settingsFrame,
  splitAt,
  windowUpdateFrame,
} from './helpers/build-frames.js';
import { flatten, readChunks, type FlatEvent } from './helpers/read-frames.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytesArb = (max: number) => fc.uint8Array({ maxLength: max });
const streamArb = fc.integer({ min: 0, max: 200 }).map((n) => n * 2 + 1);
const padArb = fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined });

interface Built {
  bytes: Uint8Array;
  expected: FlatEvent[];
}

const builtFrameArb: fc.Arbitrary<Built> = fc.oneof(
  fc.record({ stream: streamArb, data: bytesArb(3000), endStream: fc.boolean(), pad: padArb }).map(({ stream, data, endStream: asked, pad }) => {
    const endStream = asked || data.length === 0; // peers send empty DATA frames only to end a stream
    return {
      bytes: dataFrame(stream, data, { endStream, ...(pad !== undefined ? { padLength: pad } : {}) }),
      expected: [{ kind: 'data', streamId: stream, bytes: hex(data), endStream }],
    };
  }),
  fc
    .record({
      stream: streamArb,
      block: fc.uint8Array({ minLength: 1, maxLength: 600 }), // peers never send an empty header block
      endStream: fc.boolean(),
      pad: padArb,
      priority: fc.option(fc.record({ exclusive: fc.boolean(), dependency: fc.integer({ min: 0, max: 99 }), weight: fc.integer({ min: 1, max: 256 }) }), { nil: undefined }),
      splits: fc.array(fc.nat(600), { maxLength: 4 }),
    })
    .map(({ stream, block, endStream, pad, priority, splits }) => {
      const expected: FlatEvent = { kind: 'headers', streamId: stream, block: hex(block), endStream, complete: true };
      if (priority) expected.priority = { ...priority };
      return {
        bytes: headersFrames(stream, block, { endStream, splitAt: splits, ...(pad !== undefined ? { padLength: pad } : {}), ...(priority ? { priority } : {}) }),
        expected: [expected],
      };
    }),
  fc.record({ stream: streamArb, promised: fc.integer({ min: 1, max: 100 }).map((n) => n * 2), block: bytesArb(200), pad: padArb }).map(({ stream, promised, block, pad }) => ({
    bytes: pushPromiseFrames(stream, promised, block, pad),
    expected: [{ kind: 'push-promise', streamId: stream, promisedStreamId: promised, block: hex(block), complete: true }],
  })),
  fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.nat()), { maxLength: 5 }).map((pairs) => ({
    bytes: settingsFrame(pairs),
    expected: [{ kind: 'settings', ack: false, settings: pairs }],
  })),
  fc.constant<Built>({ bytes: settingsFrame([], true), expected: [{ kind: 'settings', ack: true, settings: [] }] }),
  fc.boolean().map((ack) => ({ bytes: pingFrame(ack), expected: [{ kind: 'ping', ack }] })),
  fc.record({ stream: fc.integer({ min: 0, max: 99 }), inc: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }).map(({ stream, inc }) => ({
    bytes: windowUpdateFrame(stream, inc),
    expected: [{ kind: 'window-update', streamId: stream, increment: inc }],
  })),
  fc.record({ stream: streamArb, code: fc.nat({ max: 2 ** 32 - 1 }) }).map(({ stream, code }) => ({
    bytes: rstStreamFrame(stream, code),
    expected: [{ kind: 'rst-stream', streamId: stream, errorCode: code }],
  })),
  fc.record({ last: fc.nat({ max: 999 }), code: fc.nat({ max: 13 }) }).map(({ last, code }) => ({
    bytes: goawayFrame(last, code),
    expected: [{ kind: 'goaway', lastStreamId: last, errorCode: code, debugData: '' }],
  })),
  fc.record({ type: fc.integer({ min: 10, max: 255 }), flags: fc.nat({ max: 255 }), stream: fc.nat({ max: 99 }), payload: bytesArb(100) }).map(
    ({ type, flags, stream, payload }) => ({
      bytes: frame(type, flags, stream, payload),
      expected: [{ kind: 'unknown-frame', type, flags, streamId: stream, length: payload.length }],
    }),
  ),
);

const sequenceArb = fc.record({
  frames: fc.array(builtFrameArb, { minLength: 1, maxLength: 25 }),
  cuts: fc.array(fc.nat(), { maxLength: 30 }),
  preface: fc.boolean(),
});

test('any split of a frame sequence gives the frames that were built', () => {
  fc.assert(
    fc.property(sequenceArb, ({ frames, cuts, preface }) => {
      // A connection starts with the client preface or the server's SETTINGS.
      const start = preface ? PREFACE : settingsFrame([[3, 100]]);
      const bytes = concat(start, ...frames.map((f) => f.bytes));
      const opening = preface ? { kind: 'preface', restart: false } : { kind: 'settings', ack: false, settings: [[3, 100]] };
      const expected = [opening, ...frames.flatMap((f) => f.expected)];
      const whole = flatten(readChunks([bytes]));
      assert.deepEqual(whole, expected);
      // Only the first chunk starts an event; the others are continuations.
      const pieces = splitAt(
        bytes,
        cuts.map((c) => c % (bytes.length + 1)),
      ).map((b, i) => ({ bytes: b, opts: { eventStart: i === 0 } }));
      assert.deepEqual(flatten(readChunks(pieces)), expected);
    }),
    { numRuns: 200 },
  );
});

test('byte-by-byte pushes give the same frames', () => {
  const bytes = concat(
    PREFACE,
    settingsFrame([[4, 65535]]),
    headersFrames(1, Uint8Array.of(1, 2, 3, 4, 5), { splitAt: [2, 3], padLength: 3 }),
    dataFrame(1, new Uint8Array(50).fill(9), { endStream: true, padLength: 7 }),
  );
  const oneByOne = flatten(readChunks([...bytes].map((b, i) => ({ bytes: Uint8Array.of(b), opts: { eventStart: i === 0 } }))));
  assert.deepEqual(oneByOne, flatten(readChunks([bytes])));
  assert.deepEqual(
    oneByOne.map((e) => e.kind),
    ['preface', 'settings', 'headers', 'data'],
  );
});

test('a header block interrupted by another frame: flagged, partial block, the frame still read', () => {
  const block = Uint8Array.of(0x82, 0x84, 0x86);
  const first = frame(0x1, 0x0, 1, block.subarray(0, 2)); // HEADERS without END_HEADERS
  const bytes = concat(PREFACE, first, pingFrame(), frame(0x9, 0x4, 1, block.subarray(2)), dataFrame(1, Uint8Array.of(7)));
  const events = flatten(readChunks([bytes]));
  assert.deepEqual(
    events.map((e) => (e.kind === 'frame-error' ? `error:${String(e.code)}` : e.kind)),
    ['preface', 'error:continuation-expected', 'headers', 'ping', 'error:unexpected-continuation', 'data'],
  );
  assert.deepEqual(events[2], { kind: 'headers', streamId: 1, block: '8284', endStream: false, complete: false });
});

test('padding longer than the payload is flagged; no data is delivered from it', () => {
  const bad = frame(0x0, 0x8 | 0x1, 1, Uint8Array.of(9, 1, 2, 3));
  const events = flatten(readChunks([concat(PREFACE, bad, dataFrame(3, Uint8Array.of(5)))]));
  assert.deepEqual(events, [
    { kind: 'preface', restart: false },
    { kind: 'frame-error', code: 'bad-padding', type: 0, streamId: 1, detail: 'pad length 9 in a DATA frame of 4' },
    { kind: 'data', streamId: 1, bytes: '', endStream: true },
    { kind: 'data', streamId: 3, bytes: '05', endStream: false },
  ]);
});

test('frames over SETTINGS_MAX_FRAME_SIZE are flagged but used; a larger announced size stops the flag', () => {
  const big = concat(PREFACE, dataFrame(1, new Uint8Array(20000).fill(1)));
  const flagged = flatten(readChunks([big]));
  assert.equal(flagged[1]!.kind, 'frame-error');
  assert.equal(flagged[1]!.code, 'frame-over-max-size');
  assert.equal((flagged[2]!.bytes as string).length, 40000);
  const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 });
  reader.setMaxFrameSize(1 << 20);
  assert.deepEqual(
    flatten(readChunks([big], reader)).map((e) => e.kind),
    ['preface', 'data'],
  );
});

test('a frame over the hard cap means the reader lost step', () => {
  const reader = new FrameReader({ maxFrameBytes: 1000, maxPendingBytes: 1 << 20 });
  const events = flatten(readChunks([concat(PREFACE, settingsFrame(), dataFrame(1, new Uint8Array(2000)))], reader));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['preface', 'settings', 'lost'],
  );
  assert.equal(events[2]!.reason, 'desync');
});

test('a header block over maxPendingBytes is skipped, flagged incomplete; the reader stays in step', () => {
  const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1000 });
  const block = new Uint8Array(3000).fill(0x82);
  const bytes = concat(PREFACE, headersFrames(1, block, { splitAt: [600, 1200, 1800] }), dataFrame(1, Uint8Array.of(1), { endStream: true }));
  const events = flatten(readChunks([bytes], reader));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['preface', 'frame-error', 'headers', 'data'],
  );
  assert.equal(events[2]!.complete, false);
  assert.equal((events[2]!.block as string).length / 2, 600); // the first fragment was kept
  assert.ok(reader.pendingBytes === 0);
});

test('a frame cut by a gap is reported as interrupted; a cut header block as incomplete', () => {
  const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 });
  const data = dataFrame(5, new Uint8Array(100).fill(3));
  const first = flatten(readChunks([concat(PREFACE, data.subarray(0, 40))], reader));
  assert.deepEqual(first, [
    { kind: 'preface', restart: false },
    { kind: 'data', streamId: 5, bytes: '03'.repeat(31), endStream: false },
  ]);
  assert.deepEqual(flatten(reader.gap()), [
    { kind: 'interrupted', type: 0, streamId: 5, received: 31, length: 100 },
    { kind: 'lost', reason: 'gap' },
  ]);
  const headers = headersFrames(7, Uint8Array.of(0x82, 0x84, 0x86, 0x87));
  flatten(readChunks([{ bytes: settingsFrame(), opts: { eventStart: true } }, headers.subarray(0, 11)], reader));
  assert.deepEqual(flatten(reader.gap()), [
    { kind: 'headers', streamId: 7, block: '8284', endStream: false, complete: false },
    { kind: 'lost', reason: 'gap' },
  ]);
});
