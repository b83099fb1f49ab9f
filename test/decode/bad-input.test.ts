// Property tests: decodeLogEntry never throws and always returns a typed record, whatever the
// bytes (random, truncated, mutated, text, JSON, unknown fields, huge declared lengths).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { EventSchema, LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import type { DecodedRecord } from '../../src/decode/records.js';
import { decodeLogEntry, undecodableTextFrame } from '../../src/decode/decode-log-entry.js';
import { parseV2Text } from '../../src/decode/parse-v2-text.js';
import { DelimitedReader } from '../../src/source/delimited.js';
import { FIXTURES } from './fixture-files.js';

const KINDS = new Set(['event', 'heartbeat', 'runLog', 'undecodable']);
const SUBS = new Set(['data', 'connect', 'diagnostic']);

function assertTyped(record: DecodedRecord): void {
  assert.ok(KINDS.has(record.kind), `kind ${record.kind}`);
  if (record.kind === 'event') {
    assert.ok(SUBS.has(record.sub));
    if (record.sub === 'data') {
      assert.ok(record.payload instanceof Uint8Array);
      assert.ok(Array.isArray(record.flags));
      assert.equal(typeof record.pid, 'number');
    }
  }
  if (record.kind === 'undecodable') {
    assert.equal(typeof record.code, 'string');
    assert.equal(typeof record.byteLength, 'number');
  }
}

function fixtureMessages(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const path of ['h2-post/ws-capture.ldpb', 'h1-chunked/stream-v2.ldpb', 'h1-keepalive-timing/stream-raw.ldpb', 'upstream-testdata/stream.ldpb']) {
    const reader = new DelimitedReader();
    reader.push(readFileSync(join(FIXTURES, path)));
    for (let step = reader.next(); step && 'message' in step; step = reader.next()) out.push(step.message);
  }
  return out;
}

const messages = fixtureMessages();

test('random bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => assertTyped(decodeLogEntry(bytes))), { numRuns: 1000 });
});

test('truncated and mutated real messages', () => {
  assert.ok(messages.length > 30);
  fc.assert(
    fc.property(fc.nat(messages.length - 1), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), (i, cut, flips) => {
      const message = messages[i]!;
      const truncated = message.subarray(0, cut % (message.length + 1));
      assertTyped(decodeLogEntry(truncated));
      const mutated = message.slice();
      for (const [at, value] of flips) if (mutated.length > 0) mutated[at % mutated.length] = value;
      assertTyped(decodeLogEntry(mutated));
    }),
    { numRuns: 600 },
  );
});

test('a truncated nested message is malformed-protobuf', () => {
  const event = messages.find((m) => m.length > 50 && m[0] === 0x08 && m[2] === 0x12)!;
  const record = decodeLogEntry(event.subarray(0, event.length - 1));
  assert.equal(record.kind === 'undecodable' && record.code, 'malformed-protobuf');
});

test('text frames and text as binary frames', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      assertTyped(decodeLogEntry(Buffer.from(text)));
      const frame = undecodableTextFrame(text);
      assert.equal(frame.code, 'text-frame');
      assert.equal(frame.byteLength, Buffer.byteLength(text));
    }),
    { numRuns: 400 },
  );
});

test('JSON LogEntries of eCapture v1.4 are recognised', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3 }), fc.jsonValue(), (logType, payload) => {
      const record = decodeLogEntry(Buffer.from(JSON.stringify({ log_type: logType, payload })));
      assert.equal(record.kind === 'undecodable' && record.code, 'json-v1.4');
    }),
    { numRuns: 200 },
  );
});

const unknownField = fc.record({
  field: fc.integer({ min: 5, max: 5000 }),
  kind: fc.constantFrom('varint', 'bytes', 'fixed32', 'fixed64'),
  value: fc.uint8Array({ maxLength: 20 }),
});

const eventValue = fc.record({
  timestamp: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  uuid: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('', '1_1_curl_5_1_1.2.3.4:5-6.7.8.9:10', 'sock:1_1_a_3_0_0.0.0.0:0-0.0.0.0:0_0', `1_2_x${'\0'.repeat(15)}`)),
  srcIp: fc.string({ maxLength: 20 }),
  srcPort: fc.nat(70000),
  dstIp: fc.string({ maxLength: 20 }),
  dstPort: fc.nat(70000),
  pid: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  pname: fc.string({ maxLength: 20 }),
  type: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(4294967295)),
  length: fc.nat(),
  payload: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(new Uint8Array(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi')))),
});

test('arbitrary events with unknown fields around them decode to typed records', () => {
  fc.assert(
    fc.property(eventValue, fc.array(unknownField, { maxLength: 4 }), (value, unknown) => {
      const w = new BinaryWriter();
      for (const u of unknown) {
        if (u.kind === 'varint') w.tag(u.field, WireType.Varint).uint32(u.value.length * 1000);
        else if (u.kind === 'bytes') w.tag(u.field, WireType.LengthDelimited).bytes(u.value);
        else if (u.kind === 'fixed32') w.tag(u.field, WireType.Bit32).fixed32(u.value.length);
        else w.tag(u.field, WireType.Bit64).fixed64(BigInt(u.value.length));
      }
      w.tag(1, WireType.Varint).int32(LogType.EVENT);
      w.tag(2, WireType.LengthDelimited).bytes(toBinary(EventSchema, create(EventSchema, value)));
      const record = decodeLogEntry(w.finish());
      assertTyped(record);
      const v2Shape = value.uuid === '' && value.pid === 0n && value.timestamp === 0n;
      if (record.kind === 'event' && record.sub === 'data' && !v2Shape && !record.flags.includes('hex-dump-undone')) {
        assert.deepEqual([...record.payload], [...value.payload]);
        assert.equal(record.flags.includes('length-mismatch'), value.length !== value.payload.length);
      }
      for (const dialect of ['v1', 'v2', 'raw'] as const) assertTyped(decodeLogEntry(w.finish(), { dialect }));
    }),
    { numRuns: 400 },
  );
});

test('huge declared lengths anywhere are malformed, not allocated', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1000, max: 0xffffffff }), fc.uint8Array({ maxLength: 8 }), (field, length, tail) => {
      const w = new BinaryWriter();
      w.tag(field, WireType.LengthDelimited).uint32(length).raw(tail);
      const record = decodeLogEntry(w.finish());
      assert.equal(record.kind === 'undecodable' && record.code, 'malformed-protobuf');
    }),
    { numRuns: 300 },
  );
  const nested = new BinaryWriter();
  nested.tag(2, WireType.LengthDelimited).bytes(new Uint8Array([0x5a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
  assert.equal(decodeLogEntry(nested.finish()).kind, 'undecodable');
});

test('v2 data lines: any comm and any data bytes come back exactly', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme-ascii', maxLength: 15 }),
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom('READ', 'WRITE'),
      (comm, data, dir) => {
        const header = Buffer.from(`[2026-01-02 03:04:05.678] PID:12 TID:13 Comm:${comm} FD:7 ${dir} (${data.length} bytes):\n`);
        const tail = data.length > 0 && data[data.length - 1] === 0x0a ? [] : [0x0a];
        const parsed = parseV2Text(new Uint8Array(Buffer.concat([header, Buffer.from(data), Buffer.from(tail)])));
        assert.ok(parsed.kind === 'data');
        assert.deepEqual([parsed.comm, parsed.fd, parsed.direction, parsed.flags], [comm, 7, dir === 'READ' ? 'read' : 'write', []]);
        assert.deepEqual([...parsed.data], [...data]);
      },
    ),
    { numRuns: 400 },
  );
});
