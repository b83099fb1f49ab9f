// v2 text payloads (protocol reference §2.2), through the public decodeLogEntry and parseV2Text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { parseV2Text } from '../../src/decode/parse-v2-text.js';

const bytes = (...parts: Array<string | Uint8Array>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

function v2Entry(payload: Uint8Array): Uint8Array {
  return toBinary(
    LogEntrySchema,
    create(LogEntrySchema, { logType: LogType.EVENT, payload: { case: 'eventPayload', value: { payload, length: payload.length } } }),
  );
}

function decodeV2(payload: Uint8Array) {
  return decodeLogEntry(v2Entry(payload));
}

const header = (comm: string, dir: 'READ' | 'WRITE', n: number, fd = 5) =>
  `[2026-11-23 04:09:15.100] PID:9215 TID:9216 Comm:${comm} FD:${fd} ${dir} (${n} bytes):\n`;

test('data line: exactly n bytes after the header, one trailing \\n dropped', () => {
  const record = decodeV2(bytes(header('curl', 'WRITE', 5), 'hello\n'));
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.equal(record.dialect, 'v2');
  assert.deepEqual([record.pid, record.tid, record.comm, record.fd, record.direction], [9215, 9216, 'curl', 5, 'write']);
  assert.equal(Buffer.from(record.payload).toString('latin1'), 'hello');
  assert.deepEqual(record.time, { clock: 'local', ms: Date.UTC(2026, 10, 23, 4, 9, 15, 100), text: '2026-11-23 04:09:15.100' });
  assert.deepEqual(record.flags, []);
});

test('data ending in \\n gets no extra \\n; both readings keep the data whole', () => {
  const record = decodeV2(bytes(header('curl', 'WRITE', 18), 'GET / HTTP/1.1\r\n\r\n'));
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.equal(Buffer.from(record.payload).toString('latin1'), 'GET / HTTP/1.1\r\n\r\n');
  assert.deepEqual(record.flags, []);
  const withExtra = decodeV2(bytes(header('curl', 'READ', 3), 'ab\n', '\n'));
  assert.ok(withExtra.kind === 'event' && withExtra.sub === 'data');
  assert.equal(Buffer.from(withExtra.payload).toString('latin1'), 'ab\n');
  assert.deepEqual(withExtra.flags, []);
});

test('comm with spaces, punctuation and a fake suffix inside', () => {
  const record = decodeV2(bytes(header('Web Content', 'READ', 2, 33), 'ok\n'));
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.deepEqual([record.comm, record.fd, record.direction], ['Web Content', 33, 'read']);
  const tricky = parseV2Text(bytes(header('a FD:1 READ (', 'WRITE', 1, 7), 'x\n'));
  assert.ok(tricky.kind === 'data');
  assert.deepEqual([tricky.comm, tricky.fd, tricky.direction, tricky.declaredLength], ['a FD:1 READ (', 7, 'write', 1]);
});

test('comm containing a newline still parses', () => {
  const parsed = parseV2Text(bytes(header('bad\nname', 'READ', 2), 'hi\n'));
  assert.ok(parsed.kind === 'data');
  assert.deepEqual([parsed.comm, parsed.fd, Buffer.from(parsed.data).toString()], ['bad\nname', 5, 'hi']);
});

test('binary data with \\n, NUL, invalid UTF-8 and the header text itself is taken byte-exact', () => {
  const data = bytes('\n\0\xff\xfe', header('curl', 'READ', 99), '\n\n');
  const record = decodeV2(bytes(header('curl', 'READ', data.length), data, '\n'));
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.ok(Buffer.from(record.payload).equals(Buffer.from(data)));
  assert.deepEqual(record.flags, []);
  // An HTTP/2 frame as data.
  const frame = new Uint8Array([0, 0, 0, 4, 1, 0, 0, 0, 0]);
  const h2 = decodeV2(bytes(header('curl', 'READ', 9), frame, '\n'));
  assert.ok(h2.kind === 'event' && h2.sub === 'data');
  assert.deepEqual([...h2.payload], [...frame]);
});

test('short and over-long payloads are kept and flagged', () => {
  const short = decodeV2(bytes(header('curl', 'READ', 10), 'abc'));
  assert.ok(short.kind === 'event' && short.sub === 'data');
  assert.equal(Buffer.from(short.payload).toString(), 'abc');
  assert.deepEqual(short.flags, ['v2-short-payload']);
  const long = decodeV2(bytes(header('curl', 'READ', 3), 'abcdef\n'));
  assert.ok(long.kind === 'event' && long.sub === 'data');
  assert.equal(Buffer.from(long.payload).toString(), 'abc');
  assert.deepEqual(long.flags, ['v2-trailing-bytes']);
  const wrongTail = decodeV2(bytes(header('curl', 'READ', 3), 'abcX'));
  assert.ok(wrongTail.kind === 'event' && wrongTail.sub === 'data');
  assert.deepEqual(wrongTail.flags, ['v2-trailing-bytes']);
});

test('16384 data bytes are flagged possibly-truncated', () => {
  const record = decodeV2(bytes(header('curl', 'READ', 16384), new Uint8Array(16384).fill(0x61), '\n'));
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.deepEqual(record.flags, ['possibly-truncated']);
});

test('connect and destroy lines', () => {
  const connect = decodeV2(bytes('PID:9215, Comm:curl, TID:9215, FD:5, Tuple: [127.0.0.1]:40324->[127.0.0.1]:28100\n'));
  assert.deepEqual(connect, {
    kind: 'event', sub: 'connect', dialect: 'v2', pid: 9215, tid: 9215, comm: 'curl', fd: 5,
    tuple: { client: { ip: '127.0.0.1', port: 40324 }, server: { ip: '127.0.0.1', port: 28100 } }, destroy: false,
  });
  const v6 = decodeV2(bytes('PID:1, Comm:my, app, TID:2, FD:3, Tuple: [2001:db8::1]:5->[::1]:443\n'));
  assert.ok(v6.kind === 'event' && v6.sub === 'connect');
  assert.deepEqual([v6.comm, v6.tuple.client.ip, v6.tuple.server.ip], ['my, app', '2001:db8::1', '::1']);
  const destroy = decodeV2(bytes('PID:0, Comm:, TID:0, FD:0, Tuple: [::]:0->[::]:0\n'));
  assert.ok(destroy.kind === 'event' && destroy.sub === 'connect');
  assert.equal(destroy.destroy, true);
});

test('--hex data lines and other probes become diagnostics', () => {
  const hex = decodeV2(bytes('[1970-01-01 00:00:00.000] PID:1 TID:1 Comm:curl FD:5 READ (3 bytes, hex):\n0000    41 42 43\n'));
  assert.deepEqual(hex.kind === 'event' && hex.sub === 'diagnostic' && [hex.reason, hex.pid], ['v2-hex-unsupported', 1]);
  const bash = decodeV2(bytes('PID:77, UID:0, \tComm:bash, \tRetvalue:0, \tLine:\nls -la\n'));
  assert.deepEqual(bash.kind === 'event' && bash.sub === 'diagnostic' && [bash.dialect, bash.reason], ['v2', 'other-probe']);
  assert.ok(bash.kind === 'event' && bash.sub === 'diagnostic' && bash.text.includes('ls -la'));
  const gotls = decodeV2(bytes('PID:1, TID:2, Comm:app, FD:3, Tuple:0.0.0.0:0-0.0.0.0:0, Type:WRITE, Len:2\nData:\nhi\n'));
  assert.ok(gotls.kind === 'event' && gotls.sub === 'diagnostic' && gotls.reason === 'other-probe');
});

test('malformed data and connect lines are undecodable malformed-v2-line', () => {
  for (const text of [
    '[2026-11-23 04:09:15.100] PID:1 TID:1 Comm:curl FD:x READ (3 bytes):\nabc\n',
    '[2026-11-23 04:09:15.100] PID:1 TID:1 Comm:curl',
    'PID:1, Comm:curl, TID:1, FD:5, Tuple: [1.2.3.4]:99999999->[1.2.3.4]:1\n',
    'PID:1, Comm:curl, TID:1, FD:5, Tuple: garbage\n',
  ]) {
    const record = decodeV2(bytes(text));
    assert.equal(record.kind, 'undecodable', text);
    assert.equal(record.kind === 'undecodable' && record.code, 'malformed-v2-line', text);
  }
});

test('an impossible date keeps the data but has no time', () => {
  const record = decodeV2(bytes('[2026-13-40 25:61:61.000] PID:1 TID:1 Comm:c FD:1 READ (1 bytes):\nx\n'));
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.deepEqual(record.time, { clock: 'none' });
});

test('the v2 override reads a v1-looking event as v2 text', () => {
  const entry = toBinary(
    LogEntrySchema,
    create(LogEntrySchema, {
      logType: LogType.EVENT,
      payload: { case: 'eventPayload', value: { uuid: '1_1_x_1_1', pid: 1n, payload: bytes(header('x', 'READ', 1), 'y\n'), length: 0 } },
    }),
  );
  const record = decodeLogEntry(entry, { dialect: 'v2' });
  assert.ok(record.kind === 'event' && record.sub === 'data' && record.dialect === 'v2');
  assert.ok(record.flags.includes('length-mismatch'));
  const auto = decodeLogEntry(entry);
  assert.ok(auto.kind === 'event' && auto.sub === 'data' && auto.dialect !== 'v2');
});
