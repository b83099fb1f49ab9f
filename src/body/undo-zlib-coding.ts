// gzip, deflate and br through node:zlib's streaming decompressors, with an output cap. Small
// bodies that decode completely take the sync fast path first (undo-zlib-sync.ts) and are answered
// synchronously; only the streaming path returns a promise.

import * as zlib from 'node:zlib';
import type { LayerOutcome } from './layer-outcome.js';
import { runCappedTransform } from './run-capped-transform.js';
import { decodeCompleteSync } from './undo-zlib-sync.js';

/** Larger than zlib's 16 KiB default: fewer thread-pool round trips per decoded MiB. */
const CHUNK_SIZE = 64 * 1024;

export function gunzipCapped(input: Uint8Array, maxOutputBytes: number): LayerOutcome | Promise<LayerOutcome> {
  return decodeCompleteSync('gzip', input, maxOutputBytes) ?? runCappedTransform(zlib.createGunzip({ chunkSize: CHUNK_SIZE }), input, maxOutputBytes);
}

export function brotliDecompressCapped(input: Uint8Array, maxOutputBytes: number): LayerOutcome | Promise<LayerOutcome> {
  return decodeCompleteSync('br', input, maxOutputBytes) ?? runCappedTransform(zlib.createBrotliDecompress({ chunkSize: CHUNK_SIZE }), input, maxOutputBytes);
}

/** RFC 1950 header: CM 8 (deflate), CINFO ≤ 7, and the two bytes a multiple of 31. */
export function hasZlibHeader(input: Uint8Array): boolean {
  if (input.length < 2) return false;
  const cmf = input[0]!;
  const flg = input[1]!;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * HTTP `deflate` is zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate; browsers
 * accept both, so do we: raw when the zlib header is absent, and raw as a second try when reading
 * it as zlib fails (raw data can pass the two-byte header check by chance).
 */
export function inflateCapped(input: Uint8Array, maxOutputBytes: number): LayerOutcome | Promise<LayerOutcome> {
  // Same order as below: zlib-wrapped when the header is there, raw otherwise.
  return decodeCompleteSync(hasZlibHeader(input) ? 'zlib' : 'raw-deflate', input, maxOutputBytes) ?? inflateStreaming(input, maxOutputBytes);
}

async function inflateStreaming(input: Uint8Array, maxOutputBytes: number): Promise<LayerOutcome> {
  if (!hasZlibHeader(input)) {
    return runCappedTransform(zlib.createInflateRaw({ chunkSize: CHUNK_SIZE }), input, maxOutputBytes);
  }
  const wrapped = await runCappedTransform(zlib.createInflate({ chunkSize: CHUNK_SIZE }), input, maxOutputBytes);
  if (wrapped.kind !== 'corrupt') return wrapped;
  const raw = await runCappedTransform(zlib.createInflateRaw({ chunkSize: CHUNK_SIZE }), input, maxOutputBytes);
  return raw.kind === 'corrupt' ? wrapped : raw;
}
