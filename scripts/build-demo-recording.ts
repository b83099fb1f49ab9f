// Builds fixtures/demo/demo.ldpb, the recording `ecapture-http demo` replays, from the real
// fixture streams: one eCapture v1.5 WebSocket session (run logs, heartbeat:0, events) followed by
// the events of other scenarios in all three dialects. Deterministic: same fixtures, same bytes.
// Run: node --import tsx scripts/build-demo-recording.ts [OUT] (default fixtures/demo/demo.ldpb)

import { readFileSync, writeFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { LogEntrySchema } from '../src/gen/ecaptureq_pb.js';
import { DelimitedReader, encodeDelimited } from '../src/source/delimited.js';

const root = new URL('../fixtures/ecapture/', import.meta.url);

function* entries(path: string): Generator<Uint8Array> {
  const reader = new DelimitedReader();
  reader.push(readFileSync(new URL(path, root)));
  for (let next = reader.next(); next; next = reader.next()) {
    if ('error' in next) throw new Error(`${path}: ${next.error.detail}`);
    yield next.message;
  }
}

function eventsOnly(path: string): Uint8Array[] {
  return [...entries(path)].filter((m) => fromBinary(LogEntrySchema, m).payload.case === 'eventPayload');
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
const out = process.argv[2] ?? new URL('../fixtures/demo/demo.ldpb', import.meta.url).pathname;
writeFileSync(out, Buffer.concat(messages.map(encodeDelimited)));
console.log(`${out}: ${messages.length} messages`);
