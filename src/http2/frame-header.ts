// The 9-byte frame header (RFC 9113 §4.1) and the two ways of judging one: `isPlausibleHeader`
// (strict, for resynchronisation: a header found by scanning must look like nothing but a real
// frame) and `desyncReason` (lenient, for a reader in sync: only what no real peer sends).

import { DEFINED_FLAGS, Flag, FrameType, isKnownType, streamRule } from './frame-types.js';

export interface FrameHeader {
  length: number;
  type: number;
  flags: number;
  streamId: number;
  /** The reserved bit before the stream id (must be ignored when set, but is never set). */
  reservedBit: boolean;
}

/** Which peer sends the bytes being judged, when known. */
export type SenderRole = 'client' | 'server' | 'unknown';

export interface HeaderRules {
  role: SenderRole;
  /** SETTINGS_MAX_FRAME_SIZE the receiver announced (default 16384). */
  maxFrameSize: number;
  /** Hard cap: a longer frame means the reader is out of step. */
  maxFrameBytes: number;
  /** Highest stream id plausible right now, when the reader has seen some ids; else undefined. */
  streamIdCeiling?: number;
}

export function readFrameHeader(bytes: Uint8Array, at: number): FrameHeader {
  return {
    length: (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!,
    type: bytes[at + 3]!,
    flags: bytes[at + 4]!,
    streamId: ((bytes[at + 5]! & 0x7f) << 24) | (bytes[at + 6]! << 16) | (bytes[at + 7]! << 8) | bytes[at + 8]!,
    reservedBit: (bytes[at + 5]! & 0x80) !== 0,
  };
}

/** Lengths RFC 9113 fixes per type (a FRAME_SIZE_ERROR otherwise). Unknown types: any. */
export function lengthFitsType(h: FrameHeader): boolean {
  const padded = (h.flags & Flag.PADDED) !== 0 ? 1 : 0;
  switch (h.type) {
    case FrameType.DATA:
      return h.length >= padded;
    case FrameType.HEADERS:
      return h.length >= padded + ((h.flags & Flag.PRIORITY) !== 0 ? 5 : 0);
    case FrameType.PRIORITY:
      return h.length === 5;
    case FrameType.RST_STREAM:
    case FrameType.WINDOW_UPDATE:
      return h.length === 4;
    case FrameType.SETTINGS:
      return (h.flags & Flag.ACK) !== 0 ? h.length === 0 : h.length % 6 === 0;
    case FrameType.PUSH_PROMISE:
      return h.length >= 4 + padded;
    case FrameType.PING:
      return h.length === 8;
    case FrameType.GOAWAY:
      return h.length >= 8;
    default:
      return true;
  }
}

function streamIdFitsType(h: FrameHeader): boolean {
  const rule = streamRule(h.type);
  return rule === 'any' || (rule === 'zero' ? h.streamId === 0 : h.streamId !== 0);
}

/** Stream parity a sender of this role can use for the type. */
function parityFitsRole(h: FrameHeader, role: SenderRole): boolean {
  const odd = h.streamId % 2 === 1;
  if (h.type === FrameType.PUSH_PROMISE) return role !== 'client' && odd;
  if (role !== 'client') return true;
  // A client opens and sends on odd streams only (pushed streams are half-closed for it).
  return !(h.type === FrameType.HEADERS || h.type === FrameType.DATA || h.type === FrameType.CONTINUATION) || odd;
}

/**
 * Frames that are legal but carry nothing, so no peer sends them: an empty DATA frame that does
 * not end the stream, a header block fragment with no bytes. Nine zero-ish bytes look like them.
 */
function isPointless(h: FrameHeader): boolean {
  const padded = (h.flags & Flag.PADDED) !== 0 ? 1 : 0;
  if (h.type === FrameType.DATA) return h.length === padded && (h.flags & Flag.END_STREAM) === 0;
  if (h.type === FrameType.HEADERS) return h.length === padded + ((h.flags & Flag.PRIORITY) !== 0 ? 5 : 0);
  if (h.type === FrameType.CONTINUATION) return h.length === 0;
  return false;
}

/** Strict: known type, defined flags only, reserved bit clear, plausible stream id and length. */
export function isPlausibleHeader(h: FrameHeader, rules: HeaderRules): boolean {
  if (!isKnownType(h.type)) return false;
  if ((h.flags & ~DEFINED_FLAGS[h.type]!) !== 0) return false;
  if (h.reservedBit) return false;
  if (h.length > rules.maxFrameSize || h.length > rules.maxFrameBytes) return false;
  if (!streamIdFitsType(h) || !lengthFitsType(h) || !parityFitsRole(h, rules.role) || isPointless(h)) return false;
  if (rules.streamIdCeiling !== undefined && h.streamId > rules.streamIdCeiling) return false;
  return true;
}

export type DesyncReason = 'frame-too-large' | 'stream-id-for-type' | 'length-for-type' | 'unknown-type-too-long' | 'role';

/** Lenient: what only happens when the reader lost step (real peers never send it). */
export function desyncReason(h: FrameHeader, rules: HeaderRules): DesyncReason | undefined {
  if (h.length > rules.maxFrameBytes) return 'frame-too-large';
  if (!isKnownType(h.type)) return h.length > rules.maxFrameSize ? 'unknown-type-too-long' : undefined;
  if (!streamIdFitsType(h)) return 'stream-id-for-type';
  if (!lengthFitsType(h)) return 'length-for-type';
  if (!parityFitsRole(h, rules.role)) return 'role';
  return undefined;
}
