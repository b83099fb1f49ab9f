// Judges whether a position in lost bytes starts real frames: every header that can be read by
// hopping from frame to frame must be plausible (strict rules; extension types after the first
// are hopped over but prove nothing) and the header-block rule must hold (HEADERS/PUSH_PROMISE
// without END_HEADERS is followed by CONTINUATION on its stream). A fake header inside a DATA
// payload rarely survives the hop to the next header.

import { FRAME_HEADER_BYTES, Flag, FrameType, isKnownType } from './frame-types.js';
import { isPlausibleHeader, readFrameHeader, type HeaderRules } from './frame-header.js';

export type ChainVerdict =
  /** `frames` plausible headers in a row, at least the number asked for. */
  | { kind: 'valid'; frames: number }
  /** Fewer frames than asked for, but the last one ends exactly at `end`. */
  | { kind: 'ends-at-end'; frames: number }
  | { kind: 'invalid'; frames: number }
  /** The bytes run out inside a header or a payload before a decision. */
  | { kind: 'undecided'; frames: number };

export function judgeFrameChain(bytes: Uint8Array, start: number, end: number, rules: HeaderRules, need: number): ChainVerdict {
  let pos = start;
  let frames = 0;
  let openBlock: number | undefined; // stream id of a header block waiting for CONTINUATION
  while (pos + FRAME_HEADER_BYTES <= end) {
    const h = readFrameHeader(bytes, pos);
    if (pos > start && openBlock === undefined && !isKnownType(h.type)) {
      // Extension frames (ALTSVC, ORIGIN, PRIORITY_UPDATE, GREASE…) may follow real frames: hop
      // over them when their length is sane, but never count them as proof.
      if (h.length > rules.maxFrameSize || h.reservedBit) return { kind: 'invalid', frames };
      pos += FRAME_HEADER_BYTES + h.length;
      continue;
    }
    if (!isPlausibleHeader(h, rules)) return { kind: 'invalid', frames };
    if (openBlock !== undefined) {
      if (h.type !== FrameType.CONTINUATION || h.streamId !== openBlock) return { kind: 'invalid', frames };
    } else if (h.type === FrameType.CONTINUATION && frames > 0) {
      return { kind: 'invalid', frames };
    }
    if (!payloadPlausible(bytes, pos + FRAME_HEADER_BYTES, end, h.type, h.flags, h.length)) return { kind: 'invalid', frames };
    const blockType = h.type === FrameType.HEADERS || h.type === FrameType.PUSH_PROMISE || h.type === FrameType.CONTINUATION;
    openBlock = blockType && (h.flags & Flag.END_HEADERS) === 0 ? h.streamId : undefined;
    frames++;
    pos += FRAME_HEADER_BYTES + h.length;
    if (frames >= need) return { kind: 'valid', frames };
  }
  if (pos === end && frames > 0 && openBlock === undefined) return { kind: 'ends-at-end', frames };
  return { kind: 'undecided', frames };
}

/** Checks the first payload bytes where they are already there. */
function payloadPlausible(bytes: Uint8Array, at: number, end: number, type: number, flags: number, length: number): boolean {
  if ((flags & Flag.PADDED) !== 0 && (type === FrameType.DATA || type === FrameType.HEADERS || type === FrameType.PUSH_PROMISE)) {
    if (at < end && bytes[at]! >= length) return false; // padding longer than the payload
  }
  if (type === FrameType.WINDOW_UPDATE && at + 4 <= end) {
    const increment = ((bytes[at]! & 0x7f) << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (increment === 0) return false;
  }
  return true;
}

/** Where the frames of a chain starting at `start` begin, while their headers are in `bytes`. */
export function chainPositions(bytes: Uint8Array, start: number, end: number, max: number): number[] {
  const positions: number[] = [];
  let pos = start;
  while (pos + FRAME_HEADER_BYTES <= end && positions.length < max) {
    positions.push(pos);
    pos += FRAME_HEADER_BYTES + readFrameHeader(bytes, pos).length;
  }
  if (pos <= end && positions.length < max) positions.push(pos);
  return positions;
}
