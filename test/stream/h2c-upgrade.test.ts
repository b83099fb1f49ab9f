// h2c: an HTTP/1.1 request with `Upgrade: h2c`, a 101, then HTTP/2 on the same connection. The
// upgraded request is stream 1: one exchange with the HTTP/1.1 request, the 101 as interim and
// the HTTP/2 response; later streams are ordinary HTTP/2 exchanges.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawConnection } from '../../src/stream/raw-connection.js';
import type { ConnectionInfo, Exchange } from '../../src/model/exchange.js';

function frame(type: number, flags: number, streamId: number, payload: number[] | Buffer): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(9);
  header.writeUIntBE(body.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, body]);
}

const END_STREAM = 0x1;
const END_HEADERS = 0x4;
// HPACK: 0x88 = indexed :status 200; 0x82 :method GET, 0x86 :scheme http, 0x84 :path /,
// 0x41 + len + "h2c.test" = :authority literal with incremental indexing.
const STATUS_200 = [0x88];
const GET_ROOT = [0x82, 0x86, 0x84, 0x41, 8, ...Buffer.from('h2c.test')];

test('an h2c upgrade makes the HTTP/1.1 request stream 1 and carries on in HTTP/2', () => {
  const info: ConnectionInfo = { id: '7:9:1', pid: 7, comm: 'client', fd: 9, hooked: 'unknown' };
  const out: Exchange[] = [];
  const conn = new RawConnection(info, 'raw', { http1: {}, http2: {} }, (x) => out.push(x));
  const at = (ms: number) => ({ ms, anchored: true, approximate: false });

  conn.push('write', Buffer.from('GET /up HTTP/1.1\r\nHost: h2c.test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n'), at(1));
  conn.push('read', Buffer.concat([Buffer.from('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n'), frame(4, 0, 0, [])]), at(2));
  conn.push('write', Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), frame(4, 0, 0, [])]), at(3));
  conn.push('read', Buffer.concat([frame(1, END_HEADERS, 1, STATUS_200), frame(0, END_STREAM, 1, Buffer.from('upgraded'))]), at(4));
  conn.push('write', frame(1, END_HEADERS | END_STREAM, 3, GET_ROOT), at(5));
  conn.push('read', Buffer.concat([frame(1, END_HEADERS, 3, STATUS_200), frame(0, END_STREAM, 3, Buffer.from('second'))]), at(6));
  conn.end();

  assert.equal(conn.protocol, 'http2');
  assert.equal(out.length, 2);
  const [first, second] = out;
  assert.equal(first!.protocol, 'HTTP/2');
  assert.equal(first!.streamId, 1);
  assert.equal(first!.request?.method, 'GET');
  assert.equal(first!.request?.url, 'https://h2c.test/up');
  assert.deepEqual(first!.response?.interim.map((i) => i.status), [101]);
  assert.equal(first!.response?.status, 200);
  assert.equal(Buffer.from(first!.response!.body.wire!).toString(), 'upgraded');
  assert.ok(first!.issues.some((i) => i.code === 'upgrade'));
  assert.ok(!first!.issues.some((i) => i.code === 'request-missing'), JSON.stringify(first!.issues));
  assert.equal(second!.streamId, 3);
  assert.equal(second!.request?.url, 'http://h2c.test/');
  assert.equal(Buffer.from(second!.response!.body.wire!).toString(), 'second');
  assert.equal(info.hooked, 'client');
});
