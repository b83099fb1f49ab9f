// The fast path for the common case: a small body that decodes completely within the cap.
// A zlib stream costs ~60–100 µs of fixed overhead (object, thread-pool round trips, events) even
// for a 1 KiB body; the sync API costs a few µs. It is only taken when it can answer exactly:
// `maxOutputLength` bounds the work, and anything but a clean, complete decode (output past the
// bound, input cut short, corrupt data) returns undefined so the streaming path — which keeps the
// prefix and tells those cases apart — decides, as it always did.

import * as zlib from 'node:zlib';
import type { LayerOutcome } from './layer-outcome.js';

/** Larger inputs go straight to the streaming path (they do not block the event loop for long). */
export const SYNC_MAX_INPUT_BYTES = 256 * 1024;
/** Sync output bound: past it the streaming path starts over (the work wasted is bounded by this). */
export const SYNC_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export type SyncZlibCoding = 'gzip' | 'zlib' | 'raw-deflate' | 'br';

type SyncDecoder = (input: Buffer, options: { maxOutputLength: number }) => Buffer;

const DECODERS: Record<SyncZlibCoding, SyncDecoder> = {
  gzip: zlib.gunzipSync,
  zlib: zlib.inflateSync,
  'raw-deflate': zlib.inflateRawSync,
  br: zlib.brotliDecompressSync,
};

/** A plain Uint8Array that owns its memory, as CappedOutput hands out (no pooled Buffer views). */
function owned(output: Buffer): Uint8Array {
  if (output.byteOffset === 0 && output.byteLength === output.buffer.byteLength) {
    return new Uint8Array(output.buffer, 0, output.byteLength);
  }
  return new Uint8Array(output);
}

/** `complete` when `input` decodes fully within min(cap, SYNC_MAX_OUTPUT_BYTES); else undefined. */
export function decodeCompleteSync(coding: SyncZlibCoding, input: Uint8Array, maxOutputBytes: number): LayerOutcome | undefined {
  if (input.length > SYNC_MAX_INPUT_BYTES) return undefined;
  const bound = Math.min(maxOutputBytes, SYNC_MAX_OUTPUT_BYTES);
  try {
    const output = DECODERS[coding](Buffer.from(input.buffer, input.byteOffset, input.byteLength), { maxOutputLength: bound });
    return { kind: 'complete', output: owned(output) };
  } catch {
    return undefined; // past the bound, cut short or corrupt: the streaming path reports which
  }
}
