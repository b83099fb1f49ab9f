// Builds fixtures/demo/demo.ldpb, the recording `ecapture-http demo` replays, from the real
// fixture streams: one eCapture v1.5 WebSocket session (run logs, heartbeat:0, events) followed by
// the events of other scenarios in all three dialects. Deterministic: same fixtures, same bytes.
// Run: node --import tsx scripts/build-demo-recording.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { LogEntrySchema } from '../src/gen/ecaptureq_pb.js';

const root = new URL('../fixtures/ecapture/', import.meta.url);

function* entries(path: string): Generator<Uint8Array> {
  const bytes = readFileSync(new URL(path, root));
  let offset = 0;
  while (offset < bytes.length) {
    let length = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[offset++]!;
      length += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    yield bytes.subarray(offset, offset + length);
    offset += length;
  }
}

function eventsOnly(path: string): Uint8Array[] {
  return [...entries(path)].filter((m) => fromBinary(LogEntrySchema, m).payload.case === 'eventPayload');
}

function frame(message: Uint8Array): Buffer {
  const prefix: number[] = [];
  let n = message.length;
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  prefix.push(n);
  return Buffer.concat([Buffer.from(prefix), message]);
}

const messages: Uint8Array[] = [
  ...entries('h1-get-json/ws-capture.ldpb'),
  ...eventsOnly('h1-gzip-compressed/ws-capture.ldpb'),
  ...eventsOnly('h1-chunked/ws-capture.ldpb'),
  ...eventsOnly('h2-curl-prior-knowledge/ws-capture.ldpb'),
  ...eventsOnly('h2-spread-flush/ws-capture.ldpb'),
  ...entries('h2-post/stream-v2.ldpb'),
  ...entries('h1-keepalive-timing/stream-raw.ldpb'),
];
writeFileSync(new URL('../fixtures/demo/demo.ldpb', import.meta.url), Buffer.concat(messages.map(frame)));
console.log(`fixtures/demo/demo.ldpb: ${messages.length} messages`);
