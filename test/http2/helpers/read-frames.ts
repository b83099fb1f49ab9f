// Runs a FrameReader over chunks and flattens its events for comparison: DATA fragments of one
// frame are joined into one record, bytes become hex.

import { FrameReader, type FramePushOptions } from '../../../src/http2/frame-reader.js';
import type { FrameEvent } from '../../../src/http2/frame-events.js';

export type FlatEvent = Record<string, unknown> & { kind: string };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function flatten(events: FrameEvent[]): FlatEvent[] {
  const out: FlatEvent[] = [];
  let data: { kind: 'data'; streamId: number; bytes: string; endStream: boolean } | undefined;
  for (const e of events) {
    if (e.kind === 'data') {
      if (e.first || !data) {
        data = { kind: 'data', streamId: e.streamId, bytes: '', endStream: false };
        out.push(data);
      }
      data.bytes += hex(e.bytes);
      if (e.last) {
        data.endStream = e.endStream;
        data = undefined;
      }
      continue;
    }
    if (e.kind === 'headers' || e.kind === 'push-promise') {
      out.push({ ...e, block: hex(e.block) });
      continue;
    }
    if (e.kind === 'goaway') {
      out.push({ ...e, debugData: hex(e.debugData) });
      continue;
    }
    out.push({ ...e });
  }
  return out;
}

export interface Pushed {
  bytes: Uint8Array;
  opts?: FramePushOptions;
}

export function readChunks(chunks: Array<Uint8Array | Pushed>, reader = new FrameReader({ maxFrameBytes: 1 << 24, maxPendingBytes: 1 << 20 })): FrameEvent[] {
  const events: FrameEvent[] = [];
  for (const chunk of chunks) {
    const { bytes, opts } = chunk instanceof Uint8Array ? { bytes: chunk, opts: undefined } : chunk;
    events.push(...reader.push(bytes, opts));
  }
  return events;
}
