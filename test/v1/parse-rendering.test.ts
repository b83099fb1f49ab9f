import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parseV1Http1, type V1Http1Message, type V1Http1Request, type V1Http1Response } from '../../src/http1/v1-parse-rendering.js';
import { bytes, text } from './render-v1.js';

function message(payload: Uint8Array, type: 1 | 3): V1Http1Message {
  const r = parseV1Http1(payload, type);
  assert.equal(r.kind, 'message', JSON.stringify(r.kind === 'fragment' ? r.detail : ''));
  return r as V1Http1Message;
}

/** A 9-byte HTTP/2 frame header. */
function frameHeader(length: number, type: number, flags: number, stream: number): Uint8Array {
  return new Uint8Array([(length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, type, flags, (stream >>> 24) & 0x7f, (stream >> 16) & 0xff, (stream >> 8) & 0xff, stream & 0xff]);
}

test('type 1 (DumpRequest template): start line, headers in printed order, empty body', () => {
  const payload = bytes('GET /json?x=1 HTTP/1.1\r\nHost: 127.0.0.1:28100\r\nAccept: */*\r\nUser-Agent: curl/7.88.1\r\n\r\n');
  const m = message(payload, 1) as V1Http1Request;
  assert.equal(m.side, 'request');
  assert.equal(m.method, 'GET');
  assert.equal(m.target, '/json?x=1');
  assert.equal(m.version, 'HTTP/1.1');
  assert.deepEqual(m.headers, [['Host', '127.0.0.1:28100'], ['Accept', '*/*'], ['User-Agent', 'curl/7.88.1']]);
  assert.equal(m.body.length, 0);
  assert.equal(text(m.head), text(payload));
  assert.equal(m.framing.announcesBody, false);
  assert.equal(m.framing.truncated, false);
  assert.deepEqual(m.problems, []);
});

test('type 3 (DumpResponse template): body is every byte after the first blank line', () => {
  const body = 'a\r\n\r\nb';
  const m = message(bytes(`HTTP/1.1 200 OK\r\nContent-Length: 6\r\nContent-Type: text/plain\r\n\r\n${body}`), 3) as V1Http1Response;
  assert.equal(m.side, 'response');
  assert.equal(m.status, 200);
  assert.equal(m.reason, 'OK');
  assert.equal(text(m.body), body);
  assert.equal(m.framing.contentLength, 6);
  assert.equal(m.framing.truncated, false);
  assert.equal(m.framing.decodedByEcapture, false);
  assert.equal(m.framing.mayIncludeNext, false);
});

test('body shorter than Content-Length (no gzip) is truncated', () => {
  const m = message(bytes('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly forty bytes of a hundred-byte body..'), 3);
  assert.equal(m.framing.truncated, true);
  assert.equal(m.framing.announcesBody, true);
});

test('chunked: printed header over a de-chunked body ⇒ decoded by eCapture, never de-chunked again', () => {
  const body = '5\r\nhello\r\n0\r\n\r\n'; // looks like chunk framing but is the decoded content
  const m = message(bytes(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n${body}`), 3);
  assert.equal(text(m.body), body);
  assert.equal(m.framing.chunked, true);
  assert.equal(m.framing.decodedByEcapture, true);
  assert.equal(m.framing.truncated, false);
  assert.equal(m.framing.announcesBody, true);
});

test('gzip gunzipped by eCapture: compressed Content-Length over a longer plain body is not truncation', () => {
  const plain = 'alpha bravo charlie '.repeat(50);
  const m = message(bytes(`HTTP/1.1 200 OK\r\nContent-Length: 168\r\nContent-Encoding: gzip\r\n\r\n${plain}`), 3);
  assert.equal(m.framing.gunzippedByEcapture, true);
  assert.equal(m.framing.decodedByEcapture, true);
  assert.deepEqual(m.framing.codings, ['gzip']);
  assert.deepEqual(m.framing.remainingCodings, []);
  assert.equal(m.framing.truncated, false);
  assert.equal(m.body.length, plain.length);
});

test('gzip not gunzipped (body still starts 1f 8b): codings left for the decode stage', () => {
  const gz = gzipSync(Buffer.from('hello hello hello'));
  const m = message(bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${gz.length}\r\nContent-Encoding: gzip\r\n\r\n`, gz), 3);
  assert.equal(m.framing.gunzippedByEcapture, false);
  assert.equal(m.framing.decodedByEcapture, false);
  assert.deepEqual(m.framing.remainingCodings, ['gzip']);
  assert.equal(m.framing.truncated, false);
  const cut = message(bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${gz.length + 10}\r\nContent-Encoding: gzip\r\n\r\n`, gz), 3);
  assert.equal(cut.framing.truncated, true);
});

test('other codings stay encoded: chunked br ⇒ de-chunked by eCapture, br left to decode', () => {
  const m = message(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: br\r\n\r\n\x1b\x00\x01'), 3);
  assert.equal(m.framing.decodedByEcapture, true);
  assert.deepEqual(m.framing.remainingCodings, ['br']);
  const upper = message(bytes('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Encoding: GZIP\r\n\r\nabc'), 3);
  assert.equal(upper.framing.gunzippedByEcapture, false, 'Go compares "gzip" case-sensitively');
});

test('a response without length or chunking may hold the next response; 204 cannot', () => {
  const m = message(bytes('HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n<html>…'), 3);
  assert.equal(m.framing.mayIncludeNext, true);
  assert.equal(m.version, 'HTTP/1.0');
  const n = message(bytes('HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n'), 3);
  assert.equal(n.framing.mayIncludeNext, false);
});

test('header values keep their bytes as latin1; a status line without reason reads Go-style', () => {
  const m = message(bytes('HTTP/1.1 200 200\r\nX-Name: caf\xc3\xa9\r\nConnection: close\r\nConnection: close\r\n\r\n'), 3) as V1Http1Response;
  assert.equal(m.reason, '200');
  assert.deepEqual(m.headers, [['X-Name', 'caf\xc3\xa9'], ['Connection', 'close'], ['Connection', 'close']]);
});

test('absolute-form request target is kept as printed (no Host line)', () => {
  const m = message(bytes('GET http://example.com/a?b HTTP/1.1\r\nUser-Agent: x\r\n\r\n'), 1) as V1Http1Request;
  assert.equal(m.target, 'http://example.com/a?b');
});

test('type 1 holding binary HTTP/2 frames is an h2-request-side-lost fragment, never a message', () => {
  const headers = bytes(frameHeader(13, 0x1, 0x5, 1), new Uint8Array(13).fill(0x82));
  const data = bytes(frameHeader(6, 0x0, 0x1, 1), 'abcdef');
  const fromStart = parseV1Http1(bytes(frameHeader(0, 0x4, 0, 0), headers, data), 1);
  assert.equal(fromStart.kind, 'fragment');
  assert.equal(fromStart.kind === 'fragment' && fromStart.reason, 'h2-request-side-lost');
  // The unread tail after Go's 4096-byte read starts mid-frame: the chain is found further on.
  const midFrame = bytes(new Uint8Array([0x41, 0x42, 0x43, 0x99, 0x10]), headers, data);
  const tail = parseV1Http1(midFrame, 1);
  assert.equal(tail.kind === 'fragment' && tail.reason, 'h2-request-side-lost');
  const preface = parseV1Http1(bytes('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', frameHeader(0, 0x4, 0, 0)), 1);
  assert.equal(preface.kind === 'fragment' && preface.reason, 'h2-request-side-lost');
});

test('text without a start line, or a head without its blank line, is a fragment', () => {
  const tail = parseV1Http1(bytes('continuation of a body'), 3);
  assert.equal(tail.kind === 'fragment' && tail.reason, 'no-start-line');
  const cut = parseV1Http1(bytes('GET / HTTP/1.1\r\nHost: a\r\n'), 1);
  assert.equal(cut.kind === 'fragment' && cut.reason, 'no-head-end');
  const empty = parseV1Http1(new Uint8Array(0), 3);
  assert.equal(empty.kind, 'fragment');
});
