// Found while testing the first-event fix in the stream layer: a raw/v2 connection still deciding
// between HTTP/1 and HTTP/2 joins all the bytes a direction sent so far on every SSL call, so
// small calls after a plausible frame header whose chain never ends exactly at a call's end cost
// quadratic time, up to MAX_UNDECIDED_BYTES (256 KiB per direction): 40 000 two-byte calls take
// seconds, 128 Ki of them minutes.

import { test } from 'node:test';
import type { StreamRecord } from '../../src/decode/records.js';
import { frame, rawEvent } from '../support/fuzz/bomb-inputs.js';
import { runPipeline } from '../support/fuzz/run-pipeline.js';

function twoByteCalls(count: number): StreamRecord[] {
  // A plausible DATA header on stream 1 announcing 16 001 bytes (odd: two-byte calls never end
  // exactly where the frame does), then bytes two per SSL call.
  const records = [rawEvent(400, 'read', frame(0, 0, 1, new Uint8Array(0), 16_001), 0, 0)];
  for (let i = 0; i < count; i++) records.push(rawEvent(400, 'read', Uint8Array.of(0x61, 0x61), 0.001 * i, 0));
  return records.map((r, seq) => ({ ...r, seq }));
}

test('control: 2 000 two-byte calls go through', async () => {
  await runPipeline(twoByteCalls(2_000), {}, 5_000);
});

test(
  '40 000 two-byte SSL calls while the protocol is undecided finish within the fuzz time bound (3 s)',

  async () => {
    await runPipeline(twoByteCalls(40_000), {}, 3_000);
  },
);
