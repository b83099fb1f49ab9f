import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { decodeBody } from '../../src/body/decode-body.js';
import type { Exchange } from '../../src/model/exchange.js';
import { V1Connection } from '../../src/stream/v1-connection.js';
import { at, bytes, codes, event, info, text } from './render-v1.js';

function open(options = {}): { conn: V1Connection; out: Exchange[] } {
  const out: Exchange[] = [];
  const conn = new V1Connection(info('c1'), options, (x) => out.push(x));
  return { conn, out };
}

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: api.example\r\nAccept: */*\r\n\r\n`;
const OK = (body: string) => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nContent-Type: text/plain\r\n\r\n${body}`;

test('a request and its response pair into one order-based exchange with an inferred https URL', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', GET('/a?b=1')), at(1000));
  assert.equal(out.length, 0);
  conn.push(event(3, 'read', OK('hello')), at(1100));
  assert.equal(out.length, 1, 'complete by its own framing: emitted at once');
  const x = out[0]!;
  assert.equal(x.id, 'c1#0');
  assert.equal(x.protocol, 'HTTP/1.1');
  assert.equal(x.dialect, 'v1');
  assert.equal(x.headersRerendered, true);
  assert.equal(x.request!.method, 'GET');
  assert.equal(x.request!.url, 'https://api.example/a?b=1');
  assert.equal(x.request!.authority, 'api.example');
  assert.equal(x.request!.scheme, 'https');
  assert.equal(x.request!.body.status, 'absent');
  assert.equal(x.response!.status, 200);
  assert.equal(text(x.response!.body.wire), 'hello');
  assert.equal(x.response!.body.status, 'complete');
  assert.equal(x.response!.start!.ms, 1100);
  for (const code of ['order-based-pairing', 'headers-rerendered', 'scheme-inferred', 'time-approximate']) assert.ok(codes(x).includes(code), code);
  assert.equal(x.connection.hooked, 'client');
});

test('a response that arrives before its request still pairs; server-side capture sets hooked=server', () => {
  const { conn, out } = open();
  conn.push(event(3, 'write', OK('x')), at(2000));
  conn.push(event(1, 'read', GET('/')), at(1000));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.request!.target, '/');
  assert.equal(out[0]!.connection.hooked, 'server');
});

test('k-th with k-th; a side with fewer messages ⇒ side-count-mismatch and a missing half at the end', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', GET('/1')), at(0));
  conn.push(event(3, 'read', OK('one')), at(10));
  conn.push(event(1, 'write', GET('/2')), at(2000));
  conn.push(event(1, 'write', GET('/3')), at(4000));
  conn.push(event(3, 'read', OK('two')), at(4010));
  assert.deepEqual(out.map((x) => [x.request?.target, text(x.response?.body.wire)]), [
    ['/1', 'one'],
    ['/2', 'two'],
  ]);
  conn.end();
  assert.equal(out.length, 3);
  const last = out[2]!;
  assert.equal(last.request!.target, '/3');
  assert.equal(last.response, undefined);
  assert.ok(codes(last).includes('response-missing'));
  assert.ok(codes(last).includes('side-count-mismatch'));
});

test('duplicate head (§4.2): same head bytes, empty body, body announced ⇒ dropped, previous body truncated', () => {
  const { conn, out } = open();
  const head = 'POST /upload HTTP/1.1\r\nHost: api.example\r\nContent-Length: 100\r\nContent-Type: application/octet-stream\r\n\r\n';
  conn.push(event(1, 'write', head + 'x'.repeat(40)), at(0));
  conn.push(event(1, 'write', head), at(1500)); // the re-rendered head of the body continuation
  conn.push(event(3, 'read', OK('stored')), at(1600));
  conn.end();
  assert.equal(out.length, 1, 'the duplicate is not a second request');
  const x = out[0]!;
  assert.equal(x.request!.body.status, 'truncated');
  assert.equal(x.request!.body.wireSize, 40);
  assert.ok(codes(x).includes('body-truncated'));
  assert.equal(text(x.response!.body.wire), 'stored');
  assert.ok(!codes(x).includes('side-count-mismatch'));
});

test('duplicate head of a chunked response: the pending response is marked truncated, emitted once', () => {
  const { conn, out } = open();
  const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n';
  conn.push(event(1, 'write', GET('/stream')), at(0));
  conn.push(event(3, 'read', head + 'first part'), at(100));
  assert.equal(out.length, 0, 'a chunked body may go on: wait');
  conn.push(event(3, 'read', head), at(2000));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.response!.body.status, 'truncated');
  assert.equal(text(out[0]!.response!.body.wire), 'first part');
  conn.end();
  assert.equal(out.length, 1);
});

test('not a duplicate: a repeated GET (no body announced), or the same head on another uuid', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', GET('/poll')), at(0));
  conn.push(event(1, 'write', GET('/poll')), at(2000));
  const post = 'POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n';
  conn.push(event(1, 'write', post + 'abc', '100_100_curl_5_1_t'), at(3000));
  conn.push(event(1, 'write', post, '100_101_curl_5_1_t'), at(4000)); // other thread's uuid
  conn.end();
  assert.equal(out.length, 4);
  assert.deepEqual(out.map((x) => x.request!.target), ['/poll', '/poll', '/p', '/p']);
});

test('a chunked request waits for the next message on its uuid, then pairs normally', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', 'POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n{"a":1}'), at(0));
  conn.push(event(3, 'read', OK('done')), at(100));
  assert.equal(out.length, 0);
  conn.push(event(1, 'write', GET('/next')), at(3000));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.request!.body.status, 'decoded-by-ecapture');
  assert.equal(text(out[0]!.request!.body.wire), '{"a":1}');
});

test('100 alone in a window ⇒ interim only, response-missing; the next pair is unaffected', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', 'PUT /f HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi'), at(0));
  conn.push(event(3, 'read', 'HTTP/1.1 100 Continue\r\n\r\n'), at(10));
  conn.push(event(1, 'write', GET('/g')), at(3000));
  conn.push(event(3, 'read', OK('g')), at(3010));
  assert.equal(out.length, 2);
  const x = out[0]!;
  assert.equal(x.response!.interim.length, 1);
  assert.equal(x.response!.interim[0]!.status, 100);
  assert.equal(x.response!.status, 0);
  assert.ok(codes(x).includes('response-missing'));
  assert.ok(codes(x).includes('interim-only'));
  assert.equal(out[1]!.request!.target, '/g');
  assert.equal(out[1]!.response!.status, 200);
});

test('101 ⇒ upgrade flagged, HTTP/1 stops on the connection', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', 'GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'), at(0));
  conn.push(event(3, 'read', 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'), at(10));
  conn.push(event(1, 'write', GET('/after')), at(3000));
  conn.push(event(3, 'read', OK('after')), at(3010));
  conn.end();
  assert.equal(out.length, 1);
  assert.equal(out[0]!.response!.status, 101);
  assert.ok(codes(out[0]!).includes('upgrade'));
});

test('HEAD: any v1 body of the response is ignored (v1 parsed it as if to a GET)', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', 'HEAD /big HTTP/1.1\r\nHost: h\r\n\r\n'), at(0));
  conn.push(event(3, 'read', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/'), at(10));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.response!.body.status, 'absent');
  assert.equal(out[0]!.response!.body.wireSize, 0);
});

test('bounded wait: a lone request is emitted after idleTimeoutMs, flagged', () => {
  const { conn, out } = open({ idleTimeoutMs: 5000 });
  conn.push(event(1, 'write', GET('/slow')), at(10_000));
  conn.advance(14_000);
  assert.equal(out.length, 0);
  conn.advance(15_000);
  assert.equal(out.length, 1);
  assert.ok(codes(out[0]!).includes('response-missing'));
  assert.ok(codes(out[0]!).includes('completion-inferred'));
});

test('a type-0 continuation marks the pending body on that direction truncated', () => {
  const { conn, out } = open();
  conn.push(event(1, 'write', GET('/stream')), at(0));
  conn.push(event(3, 'read', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nbeginning'), at(10));
  conn.push(event(0, 'read', 'rest of the body without a head'), at(2000));
  conn.end();
  assert.equal(out.length, 1);
  assert.equal(out[0]!.response!.body.status, 'truncated');
  assert.equal(conn.stats.fragments, 1);
});

test('gzip bodies: eCapture-gunzipped stays as is; still-compressed is decoded by the decode stage', async () => {
  const plain = 'alpha bravo charlie '.repeat(40);
  const gz = gzipSync(Buffer.from(plain));
  const { conn, out } = open();
  conn.push(event(1, 'write', GET('/g1')), at(0));
  conn.push(event(3, 'read', `HTTP/1.1 200 OK\r\nContent-Length: ${gz.length}\r\nContent-Encoding: gzip\r\n\r\n${plain}`), at(10));
  conn.push(event(1, 'write', GET('/g2')), at(2000));
  conn.push(event(3, 'read', bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${gz.length}\r\nContent-Encoding: gzip\r\n\r\n`, gz)), at(2010));
  assert.equal(out.length, 2);
  const [a, b] = out.map((x) => x.response!.body);
  assert.equal(a!.status, 'decoded-by-ecapture');
  assert.equal(b!.status, 'complete');
  const sha = createHash('sha256').update(plain).digest('hex');
  for (const body of [a!, b!]) {
    const { body: decoded, issues } = await decodeBody(body);
    assert.deepEqual(issues, []);
    assert.equal(decoded.decodedSha256, sha);
    assert.equal(decoded.decodedSize, plain.length);
  }
});

test('a type-1 payload of HTTP/2 frames never becomes an HTTP/1 exchange', () => {
  const { conn, out } = open();
  // SETTINGS (empty) + WINDOW_UPDATE on stream 0: a plausible frame chain.
  conn.push(event(1, 'write', bytes(new Uint8Array([0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]))), at(0));
  conn.end();
  assert.equal(out.length, 0);
  assert.equal(conn.protocol, 'http2');
});
