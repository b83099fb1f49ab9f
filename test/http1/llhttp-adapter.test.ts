// The llhttp adapter on literal HTTP bytes: head ends reported exactly (pause), long heads flushed
// early are accumulated, trailers, HEAD/1xx framing verdicts, the HTTP/2 preface outcome with its
// offset, errors with llhttp's codes, and finish() for read-until-close bodies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeadVerdict, ParsedHead, ParserEvents } from '../../src/http1/llhttp-adapter.js';
import { LENIENT_FLAGS, headPauseSupported } from '../../src/http1/llhttp-adapter.js';
import { acquireParser, releaseParser } from '../../src/http1/parser-pool.js';

interface Seen {
  log: string[];
  heads: ParsedHead[];
  bodies: string[];
  trailers: Array<Array<[string, string]>>;
}

function recorder(verdict: (head: ParsedHead) => HeadVerdict = () => 'normal'): { events: ParserEvents; seen: Seen } {
  const seen: Seen = { log: [], heads: [], bodies: [], trailers: [] };
  const events: ParserEvents = {
    messageBegin: () => seen.log.push('begin'),
    headersComplete: (head) => {
      seen.log.push('head');
      seen.heads.push(head);
      return verdict(head);
    },
    body: (chunk) => seen.bodies.push(Buffer.from(chunk).toString('latin1')),
    trailers: (fields) => seen.trailers.push(fields),
    messageComplete: () => seen.log.push('complete'),
  };
  return { events, seen };
}

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

test('the pause after each head gives its exact end; the rest parses after resume', () => {
  assert.equal(headPauseSupported(), true, 'this Node honours HPE_PAUSED from headers-complete');
  const { events, seen } = recorder();
  const parser = acquireParser('request', { maxHeaderSize: 8192 }, events);
  const input = bytes('GET /a HTTP/1.1\r\nHost: x\r\nX-A:  b  \r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc');
  const first = parser.execute(input);
  assert.deepEqual(first, { kind: 'head-end', offset: 39 });
  parser.resume();
  const second = parser.execute(input.subarray(39));
  assert.deepEqual(second, { kind: 'head-end', offset: 39 });
  parser.resume();
  assert.deepEqual(parser.execute(input.subarray(78)), { kind: 'consumed' });
  assert.deepEqual(seen.log, ['begin', 'head', 'complete', 'begin', 'head', 'complete']);
  assert.deepEqual(seen.heads[0]!.headers, [['Host', 'x'], ['X-A', 'b']]);
  assert.equal(seen.heads[1]!.method, 'POST');
  assert.equal(seen.heads[1]!.target, '/b');
  assert.deepEqual(seen.bodies, ['abc']);
  releaseParser(parser);
});

test('a head of more than 32 fields, split across calls, is accumulated in order', () => {
  const { events, seen } = recorder();
  const parser = acquireParser('response', { maxHeaderSize: 65536 }, events);
  const fields = Array.from({ length: 45 }, (_, i) => [`X-Field-${i}`, `value ${i}`] as [string, string]);
  const head = `HTTP/1.1 200 OK\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join('')}Content-Length: 2\r\n\r\nok`;
  const input = bytes(head);
  const sizes = [10, 300, 7, 1000];
  let off = 0;
  for (let i = 0; i < 20 && off < input.length; i++) {
    const size = sizes[i % sizes.length]!;
    const out = parser.execute(input.subarray(off, Math.min(input.length, off + size)));
    if (out.kind === 'head-end') {
      off += out.offset;
      parser.resume();
    } else off = Math.min(input.length, off + size);
  }
  assert.deepEqual(seen.heads[0]!.headers, [...fields, ['Content-Length', '2']]);
  assert.equal(seen.heads[0]!.status, 200);
  assert.equal(seen.heads[0]!.reason, 'OK');
  assert.deepEqual(seen.bodies, ['ok']);
  releaseParser(parser);
});

test('trailers of a chunked body arrive after the head, not mixed into it', () => {
  const { events, seen } = recorder();
  const parser = acquireParser('response', { maxHeaderSize: 8192 }, events);
  const input = bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-Two: 2\r\n\r\n');
  const out = parser.execute(input);
  assert.equal(out.kind, 'head-end');
  parser.resume();
  assert.deepEqual(parser.execute(input.subarray(out.kind === 'head-end' ? out.offset : 0)), { kind: 'consumed' });
  assert.deepEqual(seen.trailers, [[['X-Sum', '1'], ['X-Two', '2']]]);
  assert.deepEqual(seen.heads[0]!.headers, [['Transfer-Encoding', 'chunked']]);
  releaseParser(parser);
});

test('skip-body: a HEAD response with Content-Length has no body; the next response parses', () => {
  const { events, seen } = recorder(() => (seen.heads.length === 1 ? 'skip-body' : 'normal'));
  const parser = acquireParser('response', { maxHeaderSize: 8192 }, events);
  const input = bytes('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno');
  let off = 0;
  for (let i = 0; i < 4 && off < input.length; i++) {
    const out = parser.execute(input.subarray(off));
    if (out.kind !== 'head-end') break;
    off += out.offset;
    parser.resume();
  }
  assert.deepEqual(seen.heads.map((h) => h.status), [200, 404]);
  assert.deepEqual(seen.bodies, ['no']);
  releaseParser(parser);
});

test('the HTTP/2 preface is an outcome with the offset where it ends', () => {
  const { events } = recorder();
  const parser = acquireParser('request', { maxHeaderSize: 8192 }, events);
  const input = bytes('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00');
  assert.deepEqual(parser.execute(input), { kind: 'h2-preface', offset: 24 });
  releaseParser(parser);
});

test('an upgrade stops llhttp after the message: bytes from the offset are another protocol', () => {
  const { events, seen } = recorder();
  const parser = acquireParser('request', { maxHeaderSize: 8192 }, events);
  const head = 'GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
  const out = parser.execute(bytes(`${head}\x81\x05hello`));
  assert.deepEqual(out, { kind: 'stopped', offset: head.length });
  assert.equal(seen.heads[0]!.upgrade, true);
  assert.deepEqual(seen.log, ['begin', 'head', 'complete']);
  releaseParser(parser);
});

test('errors carry llhttp codes; finish() ends a read-until-close body and fails a cut one', () => {
  const garbage = recorder();
  const p1 = acquireParser('request', { maxHeaderSize: 8192 }, garbage.events);
  const err = p1.execute(bytes('\x00\x01junk\r\n'));
  assert.equal(err.kind, 'error');
  assert.equal(err.kind === 'error' && err.code, 'HPE_INVALID_METHOD');
  releaseParser(p1);

  const small = recorder();
  const p2 = acquireParser('request', { maxHeaderSize: 64 }, small.events);
  const overflow = p2.execute(bytes(`GET / HTTP/1.1\r\nX: ${'a'.repeat(200)}\r\n\r\n`));
  assert.equal(overflow.kind === 'error' && overflow.code, 'HPE_HEADER_OVERFLOW');
  releaseParser(p2);

  const untilClose = recorder();
  const p3 = acquireParser('response', { maxHeaderSize: 8192 }, untilClose.events);
  const h = p3.execute(bytes('HTTP/1.0 200 OK\r\n\r\nabc'));
  assert.equal(h.kind, 'head-end');
  p3.resume();
  p3.execute(bytes('abc'));
  assert.deepEqual(p3.finish(), { kind: 'ok' });
  assert.deepEqual(untilClose.seen.log, ['begin', 'head', 'complete']);
  releaseParser(p3);

  const cut = recorder();
  const p4 = acquireParser('response', { maxHeaderSize: 8192 }, cut.events);
  p4.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'));
  p4.resume();
  p4.execute(bytes('abc'));
  assert.equal(p4.finish().kind, 'error');
  releaseParser(p4);
});

test('leniencies: LF-only lines, Content-Length beside chunked, padded chunk sizes', () => {
  assert.ok(LENIENT_FLAGS > 0);
  const { events, seen } = recorder();
  const parser = acquireParser('response', { maxHeaderSize: 8192 }, events);
  const input = bytes('HTTP/1.1 200 OK\nContent-Length: 1\nTransfer-Encoding: chunked\n\n2 \r\nab\r\n0\r\n\r\n');
  const out = parser.execute(input);
  assert.equal(out.kind, 'head-end');
  parser.resume();
  assert.deepEqual(parser.execute(input.subarray(out.kind === 'head-end' ? out.offset : 0)), { kind: 'consumed' });
  assert.deepEqual(seen.bodies, ['ab']);
  releaseParser(parser);

  const strict = recorder();
  const bare = acquireParser('response', { maxHeaderSize: 8192, lenientFlags: 0 }, strict.events);
  assert.equal(bare.execute(input).kind, 'error', 'without the flags llhttp refuses the same bytes');
  releaseParser(bare);
});
