// LogEntry-level decoding: oneof dispatch, heartbeats, run logs, event fields, and the protobuf
// semantics (last oneof wins, merges, unknown fields), with frames built by protobuf-es itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { EventSchema, HeartbeatSchema, LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import { decodeLogEntry, undecodableTextFrame } from '../../src/decode/decode-log-entry.js';

const eventEntry = (value: Parameters<typeof create<typeof EventSchema>>[1]) =>
  toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.EVENT, payload: { case: 'eventPayload', value: create(EventSchema, value) } }));

test('heartbeat without log_type and count on the wire (heartbeat:0)', () => {
  const bytes = toBinary(LogEntrySchema, create(LogEntrySchema, { payload: { case: 'heartbeatPayload', value: { timestamp: 1795407184n, message: 'heartbeat:0' } } }));
  assert.equal(bytes[0], 0x1a, 'field 3 first: no log_type on the wire');
  assert.deepEqual(decodeLogEntry(bytes), { kind: 'heartbeat', timestamp: 1795407184, count: 0, message: 'heartbeat:0' });
});

test('run log: zerolog JSON fields and RFC 3339 time; plain text kept as text', () => {
  const line = '{"level":"info","AppName":"eCapture(旁观者)","time":"2025-12-27T22:11:34+08:00"}\n';
  const bytes = toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.PROCESS_LOG, payload: { case: 'runLog', value: line } }));
  assert.deepEqual(decodeLogEntry(bytes), {
    kind: 'runLog',
    text: line,
    fields: { level: 'info', AppName: 'eCapture(旁观者)', time: '2025-12-27T22:11:34+08:00' },
    timeMs: Date.UTC(2025, 11, 27, 14, 11, 34),
  });
  const plain = toBinary(LogEntrySchema, create(LogEntrySchema, { payload: { case: 'runLog', value: '2025-12-27 INF AppName=x' } }));
  assert.deepEqual(decodeLogEntry(plain), { kind: 'runLog', text: '2025-12-27 INF AppName=x' });
  const badTime = toBinary(LogEntrySchema, create(LogEntrySchema, { payload: { case: 'runLog', value: '{"time":"yesterday"}' } }));
  assert.deepEqual(decodeLogEntry(badTime), { kind: 'runLog', text: '{"time":"yesterday"}', fields: { time: 'yesterday' } });
});

test('v1 tracked event: every field', () => {
  const payload = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  const record = decodeLogEntry(
    eventEntry({
      timestamp: 3915652345445n, uuid: '9257_9258_curl_5_1_127.0.0.1:57678-127.0.0.1:28106', srcIp: '127.0.0.1', srcPort: 57678,
      dstIp: '127.0.0.1', dstPort: 28106, pid: 9257n, pname: 'curl', type: 1, length: payload.length, payload,
    }),
  );
  assert.deepEqual(record, {
    kind: 'event', sub: 'data', dialect: 'v1-or-raw', type: 1, pid: 9257, tid: 9258, comm: 'curl', fd: 5, direction: 'write',
    tuple: { client: { ip: '127.0.0.1', port: 57678 }, server: { ip: '127.0.0.1', port: 28106 } }, tracked: true,
    uuid: {
      form: 'tracked', pid: 9257, tid: 9258, comm: 'curl', fd: 5, direction: 'write',
      tuple: { client: { ip: '127.0.0.1', port: 57678 }, server: { ip: '127.0.0.1', port: 28106 } },
    },
    rawUuid: '9257_9258_curl_5_1_127.0.0.1:57678-127.0.0.1:28106', time: { clock: 'boot-ns', ns: 3915652345445n },
    payload: new Uint8Array(payload), flags: [],
  });
});

test('event fallbacks: pid and comm from the uuid, tuple from src/dst, clocks, flags', () => {
  const a = decodeLogEntry(eventEntry({ uuid: '42_43_my app_9_0', pname: '', srcIp: '10.0.0.1', srcPort: 5, dstIp: '10.0.0.2', dstPort: 443, timestamp: 1_795_407_184_000_000_000n, payload: new Uint8Array([1]), length: 3 }));
  assert.ok(a.kind === 'event' && a.sub === 'data');
  assert.deepEqual([a.pid, a.comm, a.fd, a.direction], [42, 'my app', 9, 'read']);
  assert.deepEqual(a.tuple, { client: { ip: '10.0.0.1', port: 5 }, server: { ip: '10.0.0.2', port: 443 } });
  assert.deepEqual(a.time, { clock: 'unix-ns', ns: 1_795_407_184_000_000_000n });
  assert.deepEqual(a.flags, ['length-mismatch']);
  assert.equal(a.dialect, 'raw', 'binary type 0');

  const b = decodeLogEntry(eventEntry({ uuid: 'sock:1_1_node_18_1_0.0.0.0:0-0.0.0.0:0_0', pid: 1n, pname: 'node\0\0 ', srcIp: '0.0.0.0', dstIp: '0.0.0.0', payload: new Uint8Array([0x41]), length: 1 }));
  assert.ok(b.kind === 'event' && b.sub === 'data');
  assert.deepEqual([b.comm, b.tuple, b.tracked, b.time], ['node', undefined, false, { clock: 'none' }]);

  const big = new Uint8Array(16384).fill(0x80);
  const c = decodeLogEntry(eventEntry({ uuid: '1_1_x_3_1_1.1.1.1:1-2.2.2.2:2', pid: 1n, timestamp: 1n, type: 9, payload: big, length: big.length }));
  assert.ok(c.kind === 'event' && c.sub === 'data');
  assert.deepEqual(c.flags, ['type-out-of-range', 'possibly-truncated']);
  assert.equal(c.dialect, 'v1-or-raw');
});

test('NUL uuid forms: gnutls is v1 data, gotls and mysqld are diagnostics', () => {
  const gnutls = decodeLogEntry(eventEntry({ uuid: `1_2_curl${'\0'.repeat(12)}_1`, pid: 1n, pname: 'curl', srcIp: '127.0.0.1', dstIp: '127.0.0.1', type: 0, payload: Buffer.from('GET'), length: 3 }));
  assert.ok(gnutls.kind === 'event' && gnutls.sub === 'data');
  assert.deepEqual([gnutls.dialect, gnutls.direction, gnutls.tuple, gnutls.tracked, gnutls.flags], ['v1', 'write', undefined, false, ['nul-in-uuid']]);
  const gotls = decodeLogEntry(eventEntry({ uuid: `1_2_svc${'\0'.repeat(13)}`, pid: 1n, payload: Buffer.from('hi'), length: 2 }));
  assert.deepEqual(gotls.kind === 'event' && gotls.sub === 'diagnostic' && [gotls.dialect, gotls.reason, gotls.text, gotls.pid], ['v1', 'gotls', 'hi', 1]);
  const mysql = decodeLogEntry(eventEntry({ uuid: `900_mysqld${'\0'.repeat(10)}`, pid: 900n, type: 4294967295, payload: Buffer.from('select 1'), length: 8 }));
  assert.deepEqual(mysql.kind === 'event' && mysql.sub === 'diagnostic' && [mysql.reason, mysql.text], ['database-query', 'select 1']);
});

test('oneof: the last field wins; a repeated message field merges', () => {
  const heartbeat = toBinary(HeartbeatSchema, create(HeartbeatSchema, { count: 3n, message: 'heartbeat:3' }));
  const w = new BinaryWriter();
  w.tag(3, WireType.LengthDelimited).bytes(heartbeat);
  w.tag(4, WireType.LengthDelimited).string('{"level":"info"}');
  assert.equal(decodeLogEntry(w.finish()).kind, 'runLog');

  const w2 = new BinaryWriter();
  w2.tag(4, WireType.LengthDelimited).string('x');
  w2.tag(3, WireType.LengthDelimited).bytes(heartbeat);
  assert.deepEqual(decodeLogEntry(w2.finish()), { kind: 'heartbeat', timestamp: 0, count: 3, message: 'heartbeat:3' });

  const part1 = toBinary(EventSchema, create(EventSchema, { uuid: '5_5_a_1_1', pid: 5n }));
  const part2 = toBinary(EventSchema, create(EventSchema, { payload: Buffer.from('hello'), length: 5 }));
  const w3 = new BinaryWriter();
  w3.tag(1, WireType.Varint).int32(2);
  w3.tag(2, WireType.LengthDelimited).bytes(part1);
  w3.tag(2, WireType.LengthDelimited).bytes(part2);
  const merged = decodeLogEntry(w3.finish());
  assert.ok(merged.kind === 'event' && merged.sub === 'data');
  assert.deepEqual([merged.pid, merged.rawUuid, Buffer.from(merged.payload).toString()], [5, '5_5_a_1_1', 'hello']);
});

test('unknown fields and known fields with a foreign wire type are skipped', () => {
  const event = toBinary(EventSchema, create(EventSchema, { uuid: '5_5_a_1_1', pid: 5n, payload: Buffer.from('x'), length: 1 }));
  const w = new BinaryWriter();
  w.tag(15, WireType.Varint).uint64(123456789012n);
  w.tag(1, WireType.LengthDelimited).string('log_type as bytes');
  w.tag(9, WireType.Bit64).fixed64(7n);
  w.tag(2, WireType.LengthDelimited).bytes(event);
  w.tag(20, WireType.Bit32).fixed32(1);
  w.tag(21, WireType.StartGroup).tag(1, WireType.Varint).int32(1).tag(21, WireType.EndGroup);
  const record = decodeLogEntry(w.finish());
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.deepEqual([record.pid, Buffer.from(record.payload).toString()], [5, 'x']);
});

test('strings with NUL and invalid UTF-8 are decoded leniently', () => {
  const inner = new BinaryWriter();
  inner.tag(2, WireType.LengthDelimited).bytes(Buffer.from('1_2_c\xffx_3_1', 'latin1'));
  inner.tag(8, WireType.LengthDelimited).bytes(Buffer.from('c\xffx\0\0', 'latin1'));
  inner.tag(7, WireType.Varint).int64(1n);
  const w = new BinaryWriter();
  w.tag(2, WireType.LengthDelimited).bytes(inner.finish());
  const record = decodeLogEntry(w.finish());
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.deepEqual([record.comm, record.uuid.comm, record.fd], ['c\uFFFDx', 'c\uFFFDx', 3]);
});

test('empty oneof, JSON v1.4 frames, text and garbage', () => {
  assert.equal(decodeLogEntry(new Uint8Array(0)).kind, 'undecodable');
  assert.deepEqual(decodeLogEntry(new Uint8Array(0)), { kind: 'undecodable', code: 'empty-oneof', byteLength: 0, detail: 'LogEntry without event, heartbeat or run_log (log_type 0)' });
  const onlyType = decodeLogEntry(new Uint8Array([0x08, 0x02]));
  assert.equal(onlyType.kind === 'undecodable' && onlyType.code, 'empty-oneof');

  const json = decodeLogEntry(Buffer.from(' {"log_type":2,"payload":{"uuid":"x"}}'));
  assert.equal(json.kind === 'undecodable' && json.code, 'json-v1.4');
  assert.ok(json.kind === 'undecodable' && json.text?.includes('"log_type":2'));

  const bash = decodeLogEntry(Buffer.from('bash: ls -la /tmp, a line of a shell history probe\n'));
  assert.equal(bash.kind, 'undecodable');
  assert.ok(bash.kind === 'undecodable' && ['malformed-protobuf', 'empty-oneof'].includes(bash.code), JSON.stringify(bash));
  assert.ok(bash.kind === 'undecodable' && bash.text?.startsWith('bash: ls'));

  const truncated = decodeLogEntry(new Uint8Array([0x12, 0x05, 0x0a]));
  assert.equal(truncated.kind === 'undecodable' && truncated.code, 'malformed-protobuf');
  assert.equal(truncated.kind === 'undecodable' && truncated.text, undefined, 'binary: no text kept');

  const huge = decodeLogEntry(new Uint8Array([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]));
  assert.equal(huge.kind === 'undecodable' && huge.code, 'malformed-protobuf');
});

test('undecodableTextFrame keeps printable text', () => {
  assert.deepEqual(undecodableTextFrame('hello from a proxy\u0001 ü'), {
    kind: 'undecodable', code: 'text-frame', byteLength: 22, detail: 'WebSocket text frame (eCapture sends only binary frames)', text: 'hello from a proxy. ü',
  });
  const binaryish = undecodableTextFrame('\u0000\u0001\u0002\u0003');
  assert.equal(binaryish.text, undefined);
  assert.equal(binaryish.byteLength, 4);
});
