// Feeds a node:zlib decompression stream and keeps its output up to a cap. The stream is destroyed
// as soon as the cap is passed, so a decompression bomb costs at most the cap's worth of work and
// memory. (The sync APIs' `maxOutputLength` throws without the prefix: they serve only as the fast
// path for complete decodes, undo-zlib-sync.ts, and everything else comes here.)

import type { Transform } from 'node:stream';
import { CappedOutput } from './capped-output.js';
import type { LayerOutcome } from './layer-outcome.js';

/** zlib reports "unexpected end of file" when the input stops inside the coded stream. */
const ENDED_EARLY_CODE = 'Z_BUF_ERROR';

export interface CappedTransformOptions {
  /** The caller already knows the input stops inside the coded stream: any error is "ended early". */
  inputKnownCut?: boolean;
}

export function runCappedTransform(
  stream: Transform,
  input: Uint8Array,
  maxOutputBytes: number,
  options: CappedTransformOptions = {},
): Promise<LayerOutcome> {
  return new Promise<LayerOutcome>((resolve) => {
    const output = new CappedOutput(maxOutputBytes);
    let settled = false;
    const settle = (outcome: LayerOutcome): void => {
      if (settled) return;
      settled = true;
      stream.destroy();
      resolve(outcome);
    };
    stream.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      if (!output.add(chunk)) settle({ kind: 'capped', output: output.bytes() });
    });
    stream.on('end', () => settle({ kind: 'complete', output: output.bytes() }));
    // Stays attached after settling: a destroyed stream may still report an error.
    stream.on('error', (err: Error & { code?: string }) => {
      if (err.code === ENDED_EARLY_CODE || options.inputKnownCut) {
        settle({ kind: 'ended-early', output: output.bytes(), detail: err.message });
      } else {
        settle({ kind: 'corrupt', detail: err.code ? `${err.message} (${err.code})` : err.message });
      }
    });
    stream.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  });
}
