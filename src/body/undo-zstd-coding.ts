// zstd with an output cap: node:zlib's decoder where the running Node has one (22.15+/23.8+),
// otherwise fzstd. Either way every frame header is checked first (see zstd-frame-header.ts), so
// what a decoder allocates is bounded by `maxWindowBytes`, and both backends refuse the same input.

import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { Decompress } from 'fzstd';
import { CappedOutput } from './capped-output.js';
import type { LayerOutcome } from './layer-outcome.js';
import { runCappedTransform } from './run-capped-transform.js';
import { walkZstdFrames, type ZstdFrameSpan } from './zstd-frame-header.js';

export type ZstdBackend = 'native' | 'fzstd';

export interface ZstdLimits {
  maxOutputBytes: number;
  maxWindowBytes: number;
}

type ZstdDecompressFactory = (options: { chunkSize?: number; params?: Record<number, number> }) => Transform;

/** @types/node 20 does not know zlib's zstd; look it up at run time. */
function nativeZstdFactory(): ZstdDecompressFactory | undefined {
  const candidate = (zlib as unknown as { createZstdDecompress?: unknown }).createZstdDecompress;
  return typeof candidate === 'function' ? (candidate as ZstdDecompressFactory) : undefined;
}

export function nativeZstdAvailable(): boolean {
  return nativeZstdFactory() !== undefined;
}

/** fzstd decodes synchronously; feeding it in slices lets the event loop breathe in between. */
const FZSTD_INPUT_SLICE = 256 * 1024;
const NATIVE_CHUNK_SIZE = 64 * 1024;

class OutputCapReached extends Error {
  readonly code = 'ERR_OUTPUT_CAP_REACHED';
}

export async function zstdDecompressCapped(
  input: Uint8Array,
  limits: ZstdLimits,
  backend: ZstdBackend = nativeZstdAvailable() ? 'native' : 'fzstd',
): Promise<LayerOutcome> {
  const walk = walkZstdFrames(input, { maxWindowBytes: limits.maxWindowBytes });
  if (!walk.ok) return { kind: 'corrupt', detail: walk.detail };
  if (walk.frames.length === 0 && !walk.truncated) {
    return { kind: 'ended-early', output: new Uint8Array(0), detail: 'no zstd frame in the input' };
  }
  const factory = nativeZstdFactory();
  const decodeFrame: FrameDecoder =
    backend === 'native' && factory !== undefined
      ? (bytes, cut, max) => decodeFrameNative(factory, bytes, cut, max, limits.maxWindowBytes)
      : decodeFrameWithFzstd;
  return decodeFrames(input, walk.frames, walk.truncated, limits.maxOutputBytes, decodeFrame);
}

/** Decodes one zstd frame (`bytes` from its magic to its end or the input's end). */
type FrameDecoder = (bytes: Uint8Array, cut: boolean, maxOutputBytes: number) => Promise<LayerOutcome>;

/**
 * Frame by frame, for both backends: Node's zstd stream stops after the first frame (a leading
 * skippable frame yields nothing) and ends quietly on a cut frame, so boundaries and truncation
 * come from the frame walk, not from the decoder.
 */
async function decodeFrames(
  input: Uint8Array,
  frames: readonly ZstdFrameSpan[],
  truncated: boolean,
  maxOutputBytes: number,
  decodeFrame: FrameDecoder,
): Promise<LayerOutcome> {
  const output = new CappedOutput(maxOutputBytes);
  for (const span of frames) {
    if (span.frame.kind === 'skippable') continue;
    const frame = span.frame;
    const outcome = await decodeFrame(input.subarray(frame.offset, span.end), span.cut, maxOutputBytes - output.size);
    if (outcome.kind === 'corrupt') {
      return { kind: 'corrupt', detail: `zstd frame at byte ${frame.offset}: ${outcome.detail}` };
    }
    output.add(outcome.output);
    if (outcome.kind === 'capped') return { kind: 'capped', output: output.bytes() };
    if (outcome.kind === 'ended-early' || span.cut) {
      return { kind: 'ended-early', output: output.bytes(), detail: `input ends inside the zstd frame at byte ${frame.offset}` };
    }
    // fzstd trusts the data; a count that disagrees with the header means corrupt input.
    if (frame.contentSize !== undefined && outcome.output.length !== frame.contentSize) {
      return {
        kind: 'corrupt',
        detail: `zstd frame at byte ${frame.offset} declares ${frame.contentSize} bytes but decodes to ${outcome.output.length}`,
      };
    }
  }
  if (truncated) return { kind: 'ended-early', output: output.bytes(), detail: 'input ends inside a zstd frame' };
  return { kind: 'complete', output: output.bytes() };
}

function decodeFrameNative(
  factory: ZstdDecompressFactory,
  bytes: Uint8Array,
  cut: boolean,
  maxOutputBytes: number,
  maxWindowBytes: number,
): Promise<LayerOutcome> {
  const params: Record<number, number> = {};
  const windowLogMaxParam = (zlib.constants as unknown as Record<string, number | undefined>).ZSTD_d_windowLogMax;
  if (windowLogMaxParam !== undefined) {
    // The frame walk already enforced the limit; this only keeps libzstd's own default from being stricter.
    params[windowLogMaxParam] = Math.min(31, Math.max(10, Math.ceil(Math.log2(maxWindowBytes))));
  }
  const stream = factory({ chunkSize: NATIVE_CHUNK_SIZE, params });
  return runCappedTransform(stream, bytes, maxOutputBytes, { inputKnownCut: cut });
}

async function decodeFrameWithFzstd(bytes: Uint8Array, cut: boolean, maxOutputBytes: number): Promise<LayerOutcome> {
  const output = new CappedOutput(maxOutputBytes);
  const decoder = new Decompress((chunk) => {
    if (!output.add(chunk)) throw new OutputCapReached();
  });
  try {
    for (let at = 0; ; at += FZSTD_INPUT_SLICE) {
      const final = at + FZSTD_INPUT_SLICE >= bytes.length;
      decoder.push(bytes.subarray(at, at + FZSTD_INPUT_SLICE), final);
      if (final) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (err) {
    if (err instanceof OutputCapReached) return { kind: 'capped', output: output.bytes() };
    const message = err instanceof Error ? err.message : String(err);
    if (cut) return { kind: 'ended-early', output: output.bytes(), detail: message };
    return { kind: 'corrupt', detail: message };
  }
  return { kind: 'complete', output: output.bytes() };
}
