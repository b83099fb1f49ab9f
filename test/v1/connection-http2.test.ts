import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { decodeBody } from '../../src/body/decode-body.js';
import type { Exchange } from '../../src/model/exchange.js';
import { V1Connection } from '../../src/stream/v1-connection.js';
import {
  at,
  bytes,
  codes,
  continuationNoticeEntry,
  dataEntry,
  event,
  gzipNoticeEntry,
  headersEntry,
  hpackLostEntry,
  info,
  mergedSection,
  otherEntry,
  text,
} from './render-v1.js';

function open(options = {}): { conn: V1Connection; out: Exchange[] } {
  const out: Exchange[] = [];
  const conn = new V1Connection(info('h2'), options, (x) => out.push(x));
  return { conn, out };
}

const REQ = (id: number, path: string, method = 'GET', extra: Array<[string, string]> = []) =>
  headersEntry(id, 30, [[':method', method], [':path', path], [':scheme', 'https'], [':authority', 'api.example'], ['accept', '*/*'], ...extra]);
const RES = (id: number, extra: Array<[string, string]>, status = '200') => headersEntry(id, 20, [[':status', status], ...extra]);

test('streams pair by id across directions; the response window may come first; type 4 is not "response"', () => {
  const { conn, out } = open();
  conn.push(event(4, 'read', bytes(otherEntry('SETTINGS', 0), RES(1, [['content-length', '5']]), dataEntry(1, 'hello'), RES(3, [['content-length', '3']]), dataEntry(3, 'abc'))), at(1100));
  assert.equal(out.length, 0, 'no request yet');
  conn.push(event(2, 'write', bytes(otherEntry('SETTINGS', 0), REQ(1, '/one'))), at(1000));
  assert.equal(out.length, 1, 'stream 1 is complete by content-length');
  // An untracked client window after the first is type 4: its :method still makes it the request.
  conn.push(event(4, 'write', REQ(3, '/three')), at(1200));
  assert.equal(out.length, 2);
  const [one, three] = out;
  assert.equal(one!.id, 'h2#s1');
  assert.equal(one!.protocol, 'HTTP/2');
  assert.equal(one!.streamId, 1);
  assert.equal(one!.headersRerendered, false);
  assert.equal(one!.request!.method, 'GET');
  assert.equal(one!.request!.url, 'https://api.example/one');
  assert.deepEqual(one!.request!.headers, [['accept', '*/*']]);
  assert.deepEqual(one!.request!.pseudoHeaders, [[':method', 'GET'], [':path', '/one'], [':scheme', 'https'], [':authority', 'api.example']]);
  assert.equal(one!.response!.status, 200);
  assert.equal(text(one!.response!.body.wire), 'hello');
  assert.equal(three!.request!.target, '/three');
  assert.equal(text(three!.response!.body.wire), 'abc');
  assert.ok(!codes(one!).includes('completion-inferred'));
  assert.equal(one!.connection.hooked, 'client');
});

test('request DATA is concatenated per stream side; POST completes at both content-lengths', () => {
  const { conn, out } = open();
  conn.push(event(2, 'write', bytes(REQ(1, '/up', 'POST', [['content-length', '8']]), dataEntry(1, 'abcd'), dataEntry(1, 'efgh'))), at(0));
  conn.push(event(4, 'read', bytes(RES(1, [['content-length', '2']], '201'), dataEntry(1, 'ok'))), at(10));
  assert.equal(out.length, 1);
  assert.equal(text(out[0]!.request!.body.wire), 'abcdefgh');
  assert.equal(out[0]!.request!.body.status, 'complete');
  assert.equal(out[0]!.response!.status, 201);
});

test('a merged gunzipped body replaces the window gzip DATA: decoded-by-ecapture, not decoded again', async () => {
  const plain = 'india juliet '.repeat(100);
  const { conn, out } = open();
  conn.push(event(2, 'write', REQ(1, '/gzip')), at(0));
  conn.push(event(4, 'read', bytes(
    RES(1, [['content-encoding', 'gzip'], ['content-length', '168']]),
    gzipNoticeEntry(1, 100),
    gzipNoticeEntry(1, 68),
    mergedSection(1, plain),
  )), at(10));
  assert.equal(out.length, 1);
  const body = out[0]!.response!.body;
  assert.equal(body.status, 'decoded-by-ecapture');
  assert.equal(text(body.wire), plain);
  const { body: decoded, issues } = await decodeBody(body);
  assert.deepEqual(issues, []);
  assert.equal(decoded.decodedSize, plain.length);
});

test('gzip DATA whose HEADERS came in an earlier window is raw: the decode stage gunzips it', async () => {
  const plain = 'still compressed '.repeat(30);
  const gz = gzipSync(Buffer.from(plain));
  const { conn, out } = open();
  conn.push(event(2, 'write', REQ(1, '/late')), at(0));
  conn.push(event(4, 'read', RES(1, [['content-encoding', 'gzip'], ['content-length', String(gz.length)]])), at(10));
  conn.push(event(4, 'read', dataEntry(1, gz)), at(2000));
  assert.equal(out.length, 1);
  const body = out[0]!.response!.body;
  assert.deepEqual(body.codings, ['gzip']);
  const { body: decoded } = await decodeBody(body);
  assert.equal(decoded.decodedSha256, createHash('sha256').update(plain).digest('hex'));
});

test('gzip DATA printed only as notices (no merged section): body-truncated, no bytes invented', () => {
  const { conn, out } = open();
  conn.push(event(2, 'write', REQ(1, '/g')), at(0));
  conn.push(event(4, 'read', bytes(RES(1, [['content-encoding', 'gzip']]), gzipNoticeEntry(1, 50))), at(10));
  conn.end();
  assert.equal(out.length, 1);
  assert.equal(out[0]!.response!.body.status, 'truncated');
  assert.equal(out[0]!.response!.body.wireSize, 0);
  assert.ok(codes(out[0]!).includes('body-truncated'));
  assert.ok(codes(out[0]!).includes('completion-inferred'));
});

test('Incorrect HPACK context ⇒ headers-lost with stream id and DATA kept; later blocks hpack-uncertain', () => {
  const { conn, out } = open();
  conn.push(event(2, 'write', REQ(1, '/first')), at(0));
  conn.push(event(4, 'read', bytes(RES(1, [['content-length', '2']]), dataEntry(1, 'ok'))), at(10));
  // An untracked later window: fresh HPACK table, the blocks reference the lost dynamic table.
  conn.push(event(4, 'write', bytes(hpackLostEntry(3, 26), dataEntry(3, '{"step":4}'))), at(2000));
  conn.push(event(4, 'read', bytes(hpackLostEntry(3, 18), dataEntry(3, 'reply'))), at(2010));
  conn.push(event(4, 'write', REQ(5, '/decoded-anyway')), at(4000));
  conn.push(event(4, 'read', bytes(RES(5, [['content-length', '0']]))), at(4010));
  conn.end();
  const s3 = out.find((x) => x.streamId === 3)!;
  assert.equal(s3.request!.method, '', 'no method invented');
  assert.equal(s3.request!.url, '');
  assert.deepEqual(s3.request!.headers, []);
  assert.equal(text(s3.request!.body.wire), '{"step":4}');
  assert.equal(s3.response!.status, 0, 'no status invented');
  assert.equal(text(s3.response!.body.wire), 'reply');
  assert.ok(s3.issues.some((i) => i.code === 'headers-lost' && i.side === 'request' && /stream 3/.test(i.detail ?? '')));
  assert.ok(s3.issues.some((i) => i.code === 'headers-lost' && i.side === 'response'));
  assert.ok(codes(s3).includes('completion-inferred'));
  const s5 = out.find((x) => x.streamId === 5)!;
  assert.equal(s5.request!.target, '/decoded-anyway');
  assert.ok(codes(s5).includes('hpack-uncertain'));
  assert.ok(!codes(out.find((x) => x.streamId === 1)!).includes('hpack-uncertain'));
});

test('HEADERS with CONTINUATION ⇒ headers-lost, and the connection is hpack-uncertain afterwards', () => {
  const { conn, out } = open();
  conn.push(event(2, 'write', bytes(continuationNoticeEntry(1, 16384), otherEntry('CONTINUATION', 1), REQ(3, '/after'))), at(0));
  conn.push(event(4, 'read', bytes(RES(1, [['content-length', '0']]), RES(3, [['content-length', '0']]))), at(10));
  conn.end();
  const s1 = out.find((x) => x.streamId === 1)!;
  assert.ok(codes(s1).includes('headers-lost'));
  const s3 = out.find((x) => x.streamId === 3)!;
  assert.ok(codes(s3).includes('hpack-uncertain'));
});

test('preface mis-detection: type-1 frame bytes + response dumps ⇒ response-only exchanges, h2-request-side-lost', () => {
  const { conn, out } = open();
  // The unread tail of a client window (HEADERS frame header + block, then DATA): not HTTP/1.
  const tail = bytes(new Uint8Array([0, 0, 4, 1, 4, 0, 0, 0, 1, 0x82, 0x84, 0x87, 0x41]), new Uint8Array([0, 0, 2, 0, 1, 0, 0, 0, 1]), 'hi');
  conn.push(event(1, 'write', tail), at(0));
  conn.push(event(4, 'read', bytes(otherEntry('SETTINGS', 0), RES(1, [['content-length', '3']]), dataEntry(1, 'abc'))), at(10));
  conn.end();
  assert.equal(out.length, 1, 'no phantom exchange from the type-1 bytes');
  const x = out[0]!;
  assert.equal(x.request, undefined);
  assert.equal(x.response!.status, 200);
  assert.ok(codes(x).includes('request-missing'));
  assert.ok(codes(x).includes('h2-request-side-lost'));
  assert.equal(x.connection.hooked, 'client');
});

test('an HTTP/2 connection with response frames and no client frames at all ⇒ h2-request-side-lost', () => {
  const { conn, out } = open();
  conn.push(event(4, 'read', bytes(RES(1, [['content-length', '1']]), dataEntry(1, 'z'))), at(0));
  conn.end();
  assert.equal(out.length, 1);
  assert.ok(codes(out[0]!).includes('h2-request-side-lost'));
  assert.ok(codes(out[0]!).includes('request-missing'));
});

test('no dump reveals the role: held, then placed at the end with write assumed client, flagged', () => {
  const { conn, out } = open();
  conn.push(event(4, 'write', bytes(hpackLostEntry(7, 20), dataEntry(7, 'req'))), at(0));
  conn.push(event(4, 'read', bytes(hpackLostEntry(7, 20), dataEntry(7, 'res'))), at(5));
  assert.equal(out.length, 0);
  conn.end();
  assert.equal(out.length, 1);
  assert.equal(text(out[0]!.request!.body.wire), 'req');
  assert.equal(text(out[0]!.response!.body.wire), 'res');
  assert.ok(out[0]!.issues.some((i) => i.code === 'ambiguous-connection' && /assumed/.test(i.detail ?? '')));
});

test('without content-length a stream waits for the bounded wait, then completion-inferred', () => {
  const { conn, out } = open({ idleTimeoutMs: 5000 });
  conn.push(event(2, 'write', REQ(1, '/sse')), at(100));
  conn.push(event(4, 'read', bytes(RES(1, [['content-type', 'text/event-stream']]), dataEntry(1, 'data: 1\n\n'))), at(200));
  conn.advance(5100);
  assert.equal(out.length, 0);
  conn.push(event(4, 'read', dataEntry(1, 'data: 2\n\n')), at(2000));
  conn.advance(6999);
  assert.equal(out.length, 0, 'the later window renewed the wait');
  conn.advance(7000);
  assert.equal(out.length, 1);
  assert.equal(text(out[0]!.response!.body.wire), 'data: 1\n\ndata: 2\n\n');
  assert.ok(codes(out[0]!).includes('completion-inferred'));
});

test('padding ambiguity, RST_STREAM and trailers reach the exchange', () => {
  const { conn, out } = open();
  conn.push(event(2, 'write', REQ(1, '/t')), at(0));
  conn.push(event(4, 'read', bytes(RES(1, [['content-type', 'x']]), dataEntry(1, 'abcdef', 10), headersEntry(1, 9, [['grpc-status', '0']]), otherEntry('RST_STREAM', 1))), at(10));
  conn.end();
  const x = out[0]!;
  assert.equal(text(x.response!.body.wire), 'abcdef');
  assert.deepEqual(x.response!.trailers, [['grpc-status', '0']]);
  assert.ok(codes(x).includes('padding-ambiguous'));
  assert.ok(codes(x).includes('stream-reset'));
});

test('1xx HEADERS are interim; the final HEADERS is the response', () => {
  const { conn, out } = open();
  conn.push(event(2, 'write', REQ(1, '/slow', 'POST', [['content-length', '0']])), at(0));
  conn.push(event(4, 'read', bytes(RES(1, [], '103'), RES(1, [['content-length', '0']], '204'))), at(10));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.response!.status, 204);
  assert.deepEqual(out[0]!.response!.interim.map((i) => i.status), [103]);
});
