// Collects a message body's wire bytes while they arrive: keeps a prefix up to a cap, but counts
// and hashes every byte, so sizes and hashes stay true even when the kept bytes are cut short.
// Sans-IO and synchronous: the assemblers call it from inside their parsers.

import { createHash, type Hash } from 'node:crypto';
import type { Body, BodyStatus } from '../model/exchange.js';
import { concatChunks } from './concat-chunks.js';

export interface WireBodyFinishOptions {
  /** Bytes are known to be missing from the capture (the message ended early). */
  truncated?: boolean;
  /** Content-Encoding values in header order (see `parseContentCodings`). */
  codings: string[];
  /** v1: eCapture already de-chunked (and maybe gunzipped) the body. */
  decodedByEcapture?: boolean;
}

/** sha256 of no bytes: the digest of a body that never got one. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Thrown only on misuse (push after finish), never on bad input. */
export class WireBodyFinishedError extends Error {
  readonly code = 'ERR_WIRE_BODY_FINISHED';
  constructor() {
    super('WireBodyCollector.push called after finish');
    this.name = 'WireBodyFinishedError';
  }
}

/** A body with no bytes: nothing was sent, or nothing can have been. */
export function absentBody(): Body {
  return { status: 'absent', wireSize: 0, codings: [], applied: [] };
}

type CollectorState = 'collecting' | 'finished';

export class WireBodyCollector {
  #state: CollectorState = 'collecting';
  readonly #maxBytes: number;
  readonly #kept: Uint8Array[] = [];
  #keptSize = 0;
  #size = 0;
  /** Created at the first byte: most messages have no body, and a Hash costs a few µs to make. */
  #hash: Hash | undefined;
  /** Set at the first finish: a Hash can be digested only once. */
  #sha256: string | undefined;
  #wire: Uint8Array | undefined;

  constructor(maxBytes: number) {
    this.#maxBytes = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
  }

  /** Total bytes pushed, including those past the cap. */
  get size(): number {
    return this.#size;
  }

  push(chunk: Uint8Array): void {
    if (this.#state === 'finished') throw new WireBodyFinishedError();
    if (chunk.length === 0) return;
    this.#size += chunk.length;
    (this.#hash ??= createHash('sha256')).update(chunk);
    const room = this.#maxBytes - this.#keptSize;
    if (room <= 0) return;
    // Copy (`new Uint8Array(view)` copies; Buffer#slice would not): the caller's chunk may be a
    // view into a larger buffer that we must neither keep alive nor see change later.
    const keep = new Uint8Array(chunk.length <= room ? chunk : chunk.subarray(0, room));
    this.#kept.push(keep);
    this.#keptSize += keep.length;
  }

  finish(opts: WireBodyFinishOptions): Body {
    if (this.#state === 'collecting') {
      this.#state = 'finished';
      const digest = this.#hash?.digest('hex') ?? EMPTY_SHA256;
      if (this.#size > 0 || opts.truncated) {
        this.#sha256 = digest;
        this.#wire = concatChunks(this.#kept, this.#keptSize);
      }
      this.#kept.length = 0;
    }
    const body: Body = {
      status: this.#statusFor(opts),
      wireSize: this.#size,
      codings: [...opts.codings],
      applied: [],
    };
    if (this.#wire !== undefined && this.#size > 0) body.wire = this.#wire;
    if (this.#sha256 !== undefined) body.wireSha256 = this.#sha256;
    return body;
  }

  #statusFor(opts: WireBodyFinishOptions): BodyStatus {
    if (this.#size === 0 && !opts.truncated) return 'absent';
    if (opts.truncated) return 'truncated';
    if (this.#size > this.#keptSize) return 'capped';
    if (opts.decodedByEcapture) return 'decoded-by-ecapture';
    return 'complete';
  }
}
