// Per-message dialect signs (protocol reference §2.4 steps 4–6), on crafted renderings that follow
// Go's DumpRequest/DumpResponse layout (§7.2, §7.3) and on raw chunks as clients send them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { create, toBinary } from '@bufbuild/protobuf';
import { LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { classifyHttp1Rendering } from '../../src/decode/classify-http1-rendering.js';

const b = (...parts: Array<string | Uint8Array>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

function dialectOf(type: number, payload: Uint8Array): string | undefined {
  const entry = toBinary(
    LogEntrySchema,
    create(LogEntrySchema, {
      logType: LogType.EVENT,
      payload: { case: 'eventPayload', value: { uuid: '7_7_curl_5_1_1.2.3.4:5-6.7.8.9:443', pid: 7n, timestamp: 9n, type, payload, length: payload.length } },
    }),
  );
  const record = decodeLogEntry(entry);
  return record.kind === 'event' && record.sub === 'data' ? record.dialect : undefined;
}

function check(type: number, payload: Uint8Array, dialect: string, sign?: string) {
  const result = classifyHttp1Rendering(payload, type);
  assert.equal(result.dialect, dialect, Buffer.from(payload).toString('latin1'));
  if (sign) assert.ok([...result.v1Signs, ...result.rawSigns].includes(sign as never), `${sign} in ${JSON.stringify(result)}`);
  assert.equal(dialectOf(type, payload), dialect, 'decodeLogEntry agrees');
}

test('a short canonical v1 request has no sign', () => {
  check(1, b('GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nUser-Agent: curl/7.88.1\r\n\r\n'), 'v1-or-raw');
});

test('Go leading lines: Host, Transfer-Encoding, synthetic Connection: close, then sorted fields', () => {
  check(
    1,
    b('POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nConnection: close\r\nContent-Type: a\r\nX-A: 1\r\nX-A: 2\r\n\r\n{"a":1}'),
    'v1',
    'de-chunked-body',
  );
  check(3, b('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\nDate: d\r\nServer: s\r\n\r\nhi'), 'v1-or-raw');
  check(3, b('HTTP/1.1 200 OK\r\nDate: d\r\nServer: s\r\nContent-Length: 0\r\n\r\n'), 'v1-or-raw');
  check(3, b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\nDate: d\r\n\r\nbody text'), 'v1', 'de-chunked-body');
});

test('raw signs in the head', () => {
  check(1, b('GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n'), 'raw', 'unsorted-fields');
  check(3, b('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\n'), 'raw', 'non-canonical-name');
  check(3, b('HTTP/1.1 200 OK\r\nETag: "x"\r\n\r\n'), 'raw', 'non-canonical-name');
  check(1, b('GET / HTTP/1.1\nHost: h\n\n'), 'raw', 'lf-line-ends');
  check(1, b('GET / HTTP/1.1\r\nHost:h\r\n\r\n'), 'raw', 'field-spacing');
  check(1, b('GET / HTTP/1.1\r\nHost: h \r\n\r\n'), 'raw', 'field-spacing');
  check(1, b('GET / HTTP/1.1\r\nAccept: a\r\nHost: h\r\n\r\n'), 'raw', 'misplaced-field');
  check(3, b('HTTP/1.1 200 OK\r\nDate: d\r\nContent-Length: 2\r\nServer: s\r\n\r\nhi'), 'raw', 'misplaced-field');
  check(3, b('GET / HTTP/1.1\r\nHost: h\r\n\r\n'), 'raw', 'start-line-against-type');
  check(1, b('HTTP/1.1 200 OK\r\n\r\n'), 'raw', 'start-line-against-type');
});

test('mid-message chunks do not start with a start line', () => {
  check(3, b('2ee\r\nalpha bravo'), 'raw', 'no-start-line');
  check(1, b('{"hello":"world"}'), 'raw', 'no-start-line');
  check(3, b('GET /very-long-url-cut-before-its-end'), 'raw', 'no-start-line');
});

test('chunked: framing kept (raw) or removed (v1)', () => {
  const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: d\r\n\r\n';
  check(3, b(head, '5\r\nhello\r\n0\r\n\r\n'), 'raw', 'chunk-framing');
  check(3, b(head, '5;ext=1\r\nhel'), 'raw', 'chunk-framing');
  check(3, b(head, '5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\nHTTP/1.1 200 OK\r\n'), 'raw', 'chunk-framing');
  check(3, b(head, 'hello world'), 'v1', 'de-chunked-body');
  check(3, b(head, '5\r\nhelloXX'), 'v1', 'de-chunked-body');
  check(3, b(head, 'abc'), 'v1-or-raw'); // ends inside what could be the first size line
});

test('gzip: magic still there (raw) or body already gunzipped (v1); other spellings decide nothing', () => {
  const gz = gzipSync(Buffer.from('{"a":1}'));
  const head = (ce: string, cl: number) => `HTTP/1.1 200 OK\r\nContent-Length: ${cl}\r\nContent-Encoding: ${ce}\r\nDate: d\r\n\r\n`;
  check(3, b(head('gzip', gz.length), gz), 'raw', 'gzip-magic');
  check(3, b(head('gzip', gz.length), '{"a":1}'), 'v1', 'gunzipped-body');
  check(3, b(head('GZIP', gz.length), gz), 'v1-or-raw');
  // A longer gunzipped body than Content-Length is no raw sign under gzip.
  check(3, b(head('gzip', 3), '{"a":1}'), 'v1', 'gunzipped-body');
});

test('more body than Content-Length, or any after 1xx/204/304, is raw', () => {
  check(3, b('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 200 OK\r\n'), 'raw', 'body-beyond-length');
  check(3, b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi'), 'v1-or-raw');
  check(3, b('HTTP/1.1 204 No Content\r\nDate: d\r\n\r\nHTTP/1.1 200 OK\r\n'), 'raw', 'body-beyond-length');
  check(1, b('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nabGET / HTTP/1.1\r\n'), 'raw', 'body-beyond-length');
});

test('contrary signs in one message decide nothing', () => {
  check(3, b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\ncontent-type: x\r\n\r\nplain text'), 'v1-or-raw');
});

test('a type-1 payload of chained HTTP/2 frames is left to the stream layer', () => {
  const frames = b(new Uint8Array([0, 0, 6, 4, 0, 0, 0, 0, 0]), new Uint8Array(6), new Uint8Array([0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0x10, 0]));
  const result = classifyHttp1Rendering(frames, 1);
  assert.deepEqual([result.dialect, result.h2FramesAsType1], ['v1-or-raw', true]);
  assert.equal(dialectOf(1, frames), 'v1-or-raw');
  assert.equal(classifyHttp1Rendering(frames, 3).dialect, 'raw');
});

test('types 2/4: a frame dump is v1, anything else raw; type 0: binary is raw, text undecided', () => {
  assert.equal(dialectOf(2, b('\nFrame Type\t=>\tSETTINGS\nFrame StreamID\t=>\t0\n')), 'v1');
  assert.equal(dialectOf(4, b('\nFrame Type\t=>\tDATA\n')), 'v1');
  assert.equal(dialectOf(2, b('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')), 'raw');
  assert.equal(dialectOf(4, b(new Uint8Array([0, 0, 0, 4, 1, 0, 0, 0, 0]))), 'raw');
  assert.equal(dialectOf(4, b('\nFrame Type\t=>')), 'raw');
  assert.equal(dialectOf(0, b(new Uint8Array([0x16, 0x03, 0x01]))), 'raw');
  assert.equal(dialectOf(0, b('hello')), 'v1-or-raw');
  assert.equal(dialectOf(0, b('')), 'v1-or-raw');
});
