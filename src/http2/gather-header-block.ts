// Gathers one header block from HEADERS or PUSH_PROMISE and its CONTINUATION frames (RFC 9113
// §6.10) and hands it out whole, or flagged incomplete when part of it was lost or refused.

import { joinBytes } from './bytes.js';
import type { FrameEvent, PriorityFields } from './frame-events.js';
import type { FrameHeader } from './frame-header.js';
import { Flag, FrameType } from './frame-types.js';
import { headerBlockFragment, type HeaderPayload } from './parse-frame-payload.js';

interface HeaderBlock {
  type: number;
  streamId: number;
  endStream: boolean;
  priority?: PriorityFields;
  promisedStreamId?: number;
  parts: Uint8Array[];
  size: number;
  complete: boolean;
}

export function isBlockType(type: number): boolean {
  return type === FrameType.HEADERS || type === FrameType.PUSH_PROMISE || type === FrameType.CONTINUATION;
}

export class HeaderBlockGatherer {
  #block: HeaderBlock | undefined;
  readonly #emit: (event: FrameEvent) => void;

  constructor(emit: (event: FrameEvent) => void) {
    this.#emit = emit;
  }

  /** A block waits for CONTINUATION frames. */
  get open(): boolean {
    return this.#block !== undefined;
  }

  get streamId(): number | undefined {
    return this.#block?.streamId;
  }

  /** Bytes gathered so far. */
  get size(): number {
    return this.#block?.size ?? 0;
  }

  /** Part of the open block is already lost: later fragments are of no use. */
  get broken(): boolean {
    return this.#block?.complete === false;
  }

  /** The fragment `h` carries, whole. Returns what was read (for pad-length errors). */
  add(h: FrameHeader, payload: Uint8Array): HeaderPayload {
    const block = this.#begin(h);
    const read = headerBlockFragment(h, payload);
    this.#take(block, read);
    if ((h.flags & Flag.END_HEADERS) !== 0) this.flush();
    return read;
  }

  /** `h` was skipped (too large) or cut: the block is incomplete; `prefix` is what arrived of it. */
  addBroken(h: FrameHeader, prefix?: Uint8Array): void {
    const block = this.#begin(h);
    // The received prefix of an unpadded fragment is block bytes; fields decoded from it are right.
    if (prefix !== undefined && (h.flags & Flag.PADDED) === 0) this.#take(block, headerBlockFragment(h, prefix));
    block.complete = false;
    if (prefix === undefined && (h.flags & Flag.END_HEADERS) !== 0) this.flush();
  }

  /** Ends the open block as it stands (marked incomplete when `broken`). */
  flush(broken = false): void {
    const block = this.#block;
    if (!block) return;
    this.#block = undefined;
    const complete = block.complete && !broken;
    const bytes = joinBytes(block.parts, block.size);
    if (block.type === FrameType.PUSH_PROMISE) {
      this.#emit({
        kind: 'push-promise',
        streamId: block.streamId,
        promisedStreamId: block.promisedStreamId ?? 0,
        block: bytes,
        complete: complete && block.promisedStreamId !== undefined,
      });
      return;
    }
    const event: FrameEvent = { kind: 'headers', streamId: block.streamId, block: bytes, endStream: block.endStream, complete };
    if (block.priority) event.priority = block.priority;
    this.#emit(event);
  }

  #begin(h: FrameHeader): HeaderBlock {
    if (h.type === FrameType.CONTINUATION && this.#block) return this.#block;
    this.#block = {
      type: h.type,
      streamId: h.streamId,
      endStream: h.type === FrameType.HEADERS && (h.flags & Flag.END_STREAM) !== 0,
      parts: [],
      size: 0,
      complete: true,
    };
    return this.#block;
  }

  #take(block: HeaderBlock, read: HeaderPayload): void {
    if (read.priority) block.priority = read.priority;
    if (read.promisedStreamId !== undefined) block.promisedStreamId = read.promisedStreamId;
    if (read.badPadding) {
      block.complete = false;
      return;
    }
    block.parts.push(read.fragment);
    block.size += read.fragment.length;
  }
}
