// Reads a whole frame payload once the reader has gathered it: control frames become events,
// HEADERS/PUSH_PROMISE payloads lose their pad length, priority fields, promised id and padding.

import { Flag, FrameType } from './frame-types.js';
import type { FrameHeader } from './frame-header.js';
import type { FrameEvent, PriorityFields } from './frame-events.js';

function u31(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! & 0x7f) << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function priorityAt(bytes: Uint8Array, at: number): PriorityFields {
  return { exclusive: (bytes[at]! & 0x80) !== 0, dependency: u31(bytes, at), weight: bytes[at + 4]! + 1 };
}

/** PRIORITY, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE and unknown types. Lengths were checked. */
export function parseControlFrame(h: FrameHeader, payload: Uint8Array): FrameEvent {
  switch (h.type) {
    case FrameType.PRIORITY:
      return { kind: 'priority', streamId: h.streamId, priority: priorityAt(payload, 0) };
    case FrameType.RST_STREAM:
      return { kind: 'rst-stream', streamId: h.streamId, errorCode: u32(payload, 0) };
    case FrameType.SETTINGS: {
      const settings: Array<[number, number]> = [];
      for (let at = 0; at + 6 <= payload.length; at += 6) settings.push([(payload[at]! << 8) | payload[at + 1]!, u32(payload, at + 2)]);
      return { kind: 'settings', ack: (h.flags & Flag.ACK) !== 0, settings };
    }
    case FrameType.PING:
      return { kind: 'ping', ack: (h.flags & Flag.ACK) !== 0 };
    case FrameType.GOAWAY:
      return { kind: 'goaway', lastStreamId: u31(payload, 0), errorCode: u32(payload, 4), debugData: payload.slice(8) };
    case FrameType.WINDOW_UPDATE:
      return { kind: 'window-update', streamId: h.streamId, increment: u31(payload, 0) };
    default:
      return { kind: 'unknown-frame', type: h.type, flags: h.flags, streamId: h.streamId, length: h.length };
  }
}

export interface HeaderPayload {
  fragment: Uint8Array;
  priority?: PriorityFields;
  promisedStreamId?: number;
  /** The pad length did not fit: the fragment is empty and the block is lost. */
  badPadding: boolean;
}

/** The header block fragment of a HEADERS, PUSH_PROMISE or CONTINUATION payload. */
export function headerBlockFragment(h: FrameHeader, payload: Uint8Array): HeaderPayload {
  if (h.type === FrameType.CONTINUATION) return { fragment: payload, badPadding: false };
  let start = 0;
  let padding = 0;
  if ((h.flags & Flag.PADDED) !== 0) {
    padding = payload[0] ?? 0;
    start = 1;
  }
  const out: HeaderPayload = { fragment: new Uint8Array(0), badPadding: false };
  if (h.type === FrameType.HEADERS && (h.flags & Flag.PRIORITY) !== 0) {
    if (start + 5 <= payload.length) out.priority = priorityAt(payload, start);
    start += 5;
  }
  if (h.type === FrameType.PUSH_PROMISE) {
    if (start + 4 <= payload.length) out.promisedStreamId = u31(payload, start);
    start += 4;
  }
  const end = payload.length - padding;
  if (end < start) {
    out.badPadding = true;
    return out;
  }
  out.fragment = payload.subarray(start, end);
  return out;
}
