// Resynchronisation: a capture that starts anywhere (mid-DATA included, with DATA payloads full
// of fake frame headers), garbage, gaps, and a cut 16 KiB event. Whatever the reader emits after
// it found its place again must be the real frames, from the first real frame start on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameReader } from '../../src/http2/frame-reader.js';
import { concat, dataFrame, frame, headersFrames, pingFrame, settingsFrame, splitAt, windowUpdateFrame } from './helpers/build-frames.js';
import { flatten, readChunks, type FlatEvent } from './helpers/read-frames.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A plausible frame header + payload, then bytes no real header can start with (0xff…). */
function fakeFrameRegion(kind: number, len: number): Uint8Array {
  const fakes = [
    () => headersFrames(3, new Uint8Array(len).fill(0x82)),
    () => dataFrame(5, new Uint8Array(len).fill(0x41)),
    () => windowUpdateFrame(0, 1000 + len),
    () => settingsFrame([[4, 65535]]),
    () => pingFrame(),
  ];
  return concat(fakes[kind % fakes.length]!(), new Uint8Array(12).fill(0xff));
}

interface Stream {
  bytes: Uint8Array;
  /** Offset where each real frame starts, with what the reader must say for it. */
  frames: Array<{ at: number; expected: FlatEvent }>;
}

const payloadArb = fc.array(
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }),
    fc.tuple(fc.nat(4), fc.integer({ min: 0, max: 30 })).map(([kind, len]) => fakeFrameRegion(kind, len)),
  ),
  { maxLength: 6 },
);

const realFrameArb = fc.oneof(
  fc.record({ stream: fc.integer({ min: 0, max: 20 }).map((n) => 2 * n + 1), parts: payloadArb, end: fc.boolean() }).map(({ stream, parts, end: asked }) => {
    const data = concat(...parts);
    const end = asked || data.length === 0; // peers send empty DATA frames only to end a stream
    return { bytes: dataFrame(stream, data, { endStream: end }), expected: { kind: 'data', streamId: stream, bytes: hex(data), endStream: end } as FlatEvent };
  }),
  fc.record({ stream: fc.integer({ min: 0, max: 20 }).map((n) => 2 * n + 1), block: fc.uint8Array({ minLength: 1, maxLength: 60 }) }).map(({ stream, block }) => ({
    bytes: headersFrames(stream, block),
    expected: { kind: 'headers', streamId: stream, block: hex(block), endStream: false, complete: true } as FlatEvent,
  })),
  fc.integer({ min: 1, max: 100_000 }).map((inc) => ({
    bytes: windowUpdateFrame(0, inc),
    expected: { kind: 'window-update', streamId: 0, increment: inc } as FlatEvent,
  })),
);

function buildStream(frames: Array<{ bytes: Uint8Array; expected: FlatEvent }>): Stream {
  const out: Stream['frames'] = [];
  let at = 0;
  for (const f of frames) {
    out.push({ at, expected: f.expected });
    at += f.bytes.length;
  }
  return { bytes: concat(...frames.map((f) => f.bytes)), frames: out };
}

const frameKinds = new Set(['data', 'headers', 'window-update', 'settings', 'ping', 'push-promise', 'rst-stream', 'goaway', 'priority', 'unknown-frame']);

test('a capture starting anywhere finds the next real frame and never a phantom one', () => {
  fc.assert(
    fc.property(fc.array(realFrameArb, { minLength: 4, maxLength: 14 }), fc.nat(), fc.array(fc.nat(), { maxLength: 12 }), (frames, startSeed, cuts) => {
      const stream = buildStream(frames);
      const start = startSeed % stream.bytes.length;
      const boundaries = new Set(stream.frames.map((f) => f.at));
      const tail = stream.bytes.subarray(start);
      // eCapture events start where writes start: here, at frame boundaries only (and the first).
      const points = [...new Set(cuts.map((c) => c % tail.length))].sort((a, b) => a - b);
      const pieces = splitAt(tail, points);
      let offset = start;
      const pushes = pieces.map((bytes) => {
        const push = { bytes, opts: { eventStart: boundaries.has(offset) } };
        offset += bytes.length;
        return push;
      });
      const events = flatten(readChunks(pushes));
      const emitted = events.filter((e) => frameKinds.has(e.kind));
      const firstReal = stream.frames.findIndex((f) => f.at >= start);
      const expected = firstReal < 0 ? [] : stream.frames.slice(firstReal).map((f) => f.expected);
      // A lone frame at the very end may stay unproven (the reader waits for more bytes); with
      // three frames or more left, the proof is there and every one of them must come out.
      if (expected.length >= 3 || boundaries.has(start)) assert.deepEqual(emitted, expected);
      else assert.ok(emitted.length === 0 || (assert.deepEqual(emitted, expected), true));
      const resync = events.find((e) => e.kind === 'resync');
      if (boundaries.has(start)) {
        assert.equal(resync, undefined, 'a start at a frame boundary needs no resync');
      } else if (emitted.length > 0) {
        assert.equal(resync?.skipped, stream.frames[firstReal]!.at - start);
      }
    }),
    // Unbiased: payload bytes like real ones, not shrunk towards zeros (nine zero-ish bytes in a
    // row can form a header that lands exactly on a real frame: an ambiguity no reader escapes).
    { numRuns: 300, unbiased: true },
  );
});

test('garbage before frames: skipped and counted, with the frames intact', () => {
  const frames = concat(settingsFrame([[1, 4096]]), headersFrames(1, Uint8Array.of(0x82, 0x84)), dataFrame(1, Uint8Array.of(1, 2), { endStream: true }));
  const garbage = Uint8Array.from({ length: 500 }, (_, i) => (i * 37 + 11) & 0xff);
  const events = flatten(readChunks([concat(garbage, frames)]));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['lost', 'resync', 'settings', 'headers', 'data'],
  );
  assert.deepEqual(events[1], { kind: 'resync', skipped: 500, via: 'frame-chain' });
});

test('after a gap, the next event that starts with a frame resynchronises at once', () => {
  const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 });
  readChunks([concat(settingsFrame(), dataFrame(1, new Uint8Array(100)).subarray(0, 50))], reader);
  reader.gap();
  const events = flatten(
    readChunks(
      [
        { bytes: new Uint8Array(30).fill(0x41), opts: { eventStart: true } }, // tail of something lost
        { bytes: headersFrames(3, Uint8Array.of(0x82)), opts: { eventStart: true } },
      ],
      reader,
    ),
  );
  assert.deepEqual(events, [
    { kind: 'resync', skipped: 30, via: 'event-start' },
    { kind: 'headers', streamId: 3, block: '82', endStream: false, complete: true },
  ]);
});

test('silent loss inside the stream: the reader notices a header no peer sends, and recovers', () => {
  const before = concat(settingsFrame(), headersFrames(1, Uint8Array.of(0x82)));
  const after: Uint8Array[] = [];
  for (let i = 0; i < 30; i++) after.push(headersFrames(2 * i + 3, new Uint8Array(5 + (i % 7)).fill(0x84), { endStream: true }));
  const data = dataFrame(1, new Uint8Array(300).fill(0x61));
  // 100 bytes of the DATA frame vanish without a gap record (a dropped event): the reader takes
  // the next frames' bytes as the rest of the payload and then reads a header out of step.
  const damaged = concat(before, data.subarray(0, 120), data.subarray(220), ...after);
  const events = flatten(readChunks([damaged]));
  const lost = events.find((e) => e.kind === 'lost');
  assert.equal(lost?.reason, 'desync');
  const afterResync = events.slice(events.findIndex((e) => e.kind === 'resync') + 1).filter((e) => e.kind === 'headers');
  assert.ok(afterResync.length >= 20, `${afterResync.length} frames after the resync`);
  // Every header block after the resync is one of the real ones, in order, ending with the last.
  const real = after.map((_, i) => 2 * i + 3);
  const ids = afterResync.map((e) => e.streamId as number);
  assert.deepEqual(ids, real.slice(real.length - ids.length));
});

test('an event cut at 16 KiB followed by an event of frames: the cut is reported, frames read', () => {
  const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 });
  readChunks([settingsFrame()], reader);
  const big = dataFrame(1, new Uint8Array(20000).fill(0x62));
  const cut = big.subarray(0, 16384);
  const first = flatten(reader.push(cut, { eventStart: true, possiblyTruncated: true }));
  assert.equal(first.at(-1)?.kind, 'data');
  const next = concat(headersFrames(3, Uint8Array.of(0x82), { endStream: true }), pingFrame());
  const events = flatten(reader.push(next, { eventStart: true }));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['interrupted', 'lost', 'resync', 'headers', 'ping'],
  );
  assert.equal(events[1]!.reason, 'cut');
  // Without the hint the same bytes are read as the rest of the DATA payload (no resync).
  const plain = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 });
  readChunks([settingsFrame(), { bytes: cut, opts: { eventStart: true } }], plain);
  assert.deepEqual(
    flatten(plain.push(next, { eventStart: true })).map((e) => e.kind),
    ['data'],
  );
});

test('lost bytes stay bounded by maxPendingBytes, whatever is pushed', () => {
  const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 4096 });
  readChunks([new Uint8Array(10).fill(0xff)], reader);
  // A candidate that stays undecided (a plausible DATA header announcing 16 KiB), then filler.
  const undecided = concat(frame(0x0, 0, 1, new Uint8Array(0)).subarray(0, 9).map((b, i) => (i === 1 ? 0x3f : b)), new Uint8Array(100));
  readChunks([{ bytes: undecided, opts: { eventStart: false } }], reader);
  for (let i = 0; i < 200; i++) {
    readChunks([{ bytes: new Uint8Array(1000).fill(0x41), opts: { eventStart: false } }], reader);
    assert.ok(reader.pendingBytes <= 4096, `pending ${reader.pendingBytes}`);
  }
  assert.equal(reader.state, 'lost');
});

test('truncated input and absurd lengths neither throw nor hang', () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let run = 0; run < 200; run++) {
    const reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 16 });
    const chunks = Array.from({ length: 1 + (next() % 8) }, () => Uint8Array.from({ length: next() % 2000 }, () => next() % 256));
    for (const chunk of chunks) reader.push(chunk, { eventStart: next() % 2 === 0 });
    reader.gap();
    assert.ok(reader.pendingBytes <= 1 << 16);
  }
});
