// Http2Connection on scripted frame sequences: pairing, interim and trailer blocks, resets,
// GOAWAY, pushes, limits, idle and end of input, a new preface on the same connection.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concat, dataFrame, goawayFrame, pushPromiseFrames, rstStreamFrame, settingsFrame } from './helpers/build-frames.js';
import { clientStart, harness, request, response, ScriptedPeer, serverStart } from './helpers/h2-peer.js';
import type { Exchange } from '../../src/model/exchange.js';

const codes = (x: Exchange) => x.issues.map((i) => i.code);
const body = (x: Exchange['request'] | Exchange['response']) => Buffer.from(x?.body.wire ?? []).toString('latin1');

test('a request and its response pair by stream id; url, pseudo-headers, bodies, hooked side', () => {
  const { push, exchanges, info } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/a?b=1', [['content-type', 'text/plain']], 'POST')), dataFrame(1, Buffer.from('hello'), { endStream: true })));
  push('read', concat(serverStart(), server.headers(1, response(200, [['content-encoding', 'gzip, br']])), dataFrame(1, Buffer.from('wire'), { endStream: true })));
  assert.equal(exchanges.length, 1);
  const x = exchanges[0]!;
  assert.equal(x.id, '42:7:0#s1');
  assert.equal(x.streamId, 1);
  assert.equal(x.dialect, 'raw');
  assert.equal(info.hooked, 'client');
  assert.equal(x.request?.method, 'POST');
  assert.equal(x.request?.url, 'https://example.test/a?b=1');
  assert.equal(x.request?.target, '/a?b=1');
  assert.equal(x.request?.authority, 'example.test');
  assert.deepEqual(x.request?.headers, [['content-type', 'text/plain']]);
  assert.equal(body(x.request), 'hello');
  assert.equal(x.response?.status, 200);
  assert.deepEqual(x.response?.pseudoHeaders, [[':status', '200']]);
  assert.deepEqual(x.response?.body.codings, ['gzip', 'br']);
  assert.equal(body(x.response), 'wire');
  assert.deepEqual(x.issues, []);
  assert.ok(x.request!.start!.ms <= x.response!.start!.ms);
});

test('1xx blocks are interim; a block after DATA is trailers; request trailers too', () => {
  const { push, exchanges } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/grpc', [['te', 'trailers']], 'POST')), dataFrame(1, Uint8Array.of(0, 0, 0, 0, 0))));
  push('write', client.headers(1, [['x-checksum', 'abc']], { endStream: true }));
  push('read', concat(serverStart(), server.headers(1, response(100)), server.headers(1, response(103, [['link', '</s.css>; rel=preload']]))));
  push('read', concat(server.headers(1, response(200, [['content-type', 'application/grpc']])), dataFrame(1, Uint8Array.of(0, 0, 0, 0, 0))));
  push('read', server.headers(1, [['grpc-status', '0'], ['grpc-message', '']], { endStream: true }));
  const x = exchanges[0]!;
  assert.deepEqual(
    x.response?.interim.map((i) => [i.status, i.headers]),
    [
      [100, []],
      [103, [['link', '</s.css>; rel=preload']]],
    ],
  );
  assert.equal(x.response?.status, 200);
  assert.deepEqual(x.response?.trailers, [['grpc-status', '0'], ['grpc-message', '']]);
  assert.deepEqual(x.request?.trailers, [['x-checksum', 'abc']]);
  assert.deepEqual(x.issues, []);
});

test('the server side of the capture: read = requests, hooked = server', () => {
  const { push, exchanges, info } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('read', concat(clientStart(), client.headers(1, request('/x'), { endStream: true })));
  push('write', concat(serverStart(), server.headers(1, response(204), { endStream: true })));
  assert.equal(info.hooked, 'server');
  assert.equal(exchanges[0]?.request?.url, 'https://example.test/x');
  assert.equal(exchanges[0]?.response?.status, 204);
  assert.equal(exchanges[0]?.response?.body.status, 'absent');
});

test('RST_STREAM emits the stream at once, flagged with the error code and who sent it', () => {
  const { push, exchanges } = harness();
  const client = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/slow'), { endStream: true })));
  push('write', rstStreamFrame(1, 8));
  assert.equal(exchanges.length, 1);
  const reset = exchanges[0]!.issues.find((i) => i.code === 'stream-reset');
  assert.equal(reset?.detail, 'CANCEL (0x8) from the client');
  assert.ok(codes(exchanges[0]!).includes('response-missing'));
});

test('GOAWAY from the server: open client streams above last-stream-id are unprocessed', () => {
  const { push, exchanges } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/1'), { endStream: true }), client.headers(3, request('/3'), { endStream: true }), client.headers(5, request('/5'), { endStream: true })));
  push('read', concat(serverStart(), goawayFrame(3, 0)));
  assert.deepEqual(
    exchanges.map((x) => [x.streamId, codes(x).includes('goaway-unprocessed')]),
    [[5, true]],
  );
  push('read', concat(server.headers(1, response(200), { endStream: true }), server.headers(3, response(200), { endStream: true })));
  assert.deepEqual(
    exchanges.map((x) => x.streamId),
    [5, 1, 3],
  );
});

test('PUSH_PROMISE: its own exchange, promised request from the server block, response on the even stream', () => {
  const { push, exchanges } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/page'), { endStream: true })));
  const promised = server.encoder.encode(request('/style.css'));
  push('read', concat(serverStart(), pushPromiseFrames(1, 2, promised, 4), server.headers(1, response(200)), dataFrame(1, Buffer.from('page'), { endStream: true })));
  push('read', concat(server.headers(2, response(200, [['content-type', 'text/css']])), dataFrame(2, Buffer.from('css'), { endStream: true })));
  const pushed = exchanges.find((x) => x.streamId === 2)!;
  assert.ok(codes(pushed).includes('server-push'));
  assert.equal(pushed.request?.url, 'https://example.test/style.css');
  assert.equal(pushed.request?.body.status, 'absent');
  assert.equal(body(pushed.response), 'css');
  assert.equal(exchanges.find((x) => x.streamId === 1)?.response?.status, 200);
});

test('idle streams are emitted by advance(), end() flushes the rest, both flagged', () => {
  const { push, exchanges, h2 } = harness({ idleTimeoutMs: 1000 });
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/sse'), { endStream: true })));
  push('read', concat(serverStart(), server.headers(1, response(200, [['content-type', 'text/event-stream']])), dataFrame(1, Buffer.from('data: 1\n\n'))));
  push('write', client.headers(3, request('/other'), { endStream: true }));
  h2.advance(500);
  assert.equal(exchanges.length, 0);
  h2.advance(1002.5);
  assert.deepEqual(
    exchanges.map((x) => x.streamId),
    [1],
  );
  const idle = exchanges[0]!;
  assert.ok(idle.issues.some((i) => i.code === 'completion-inferred' && i.side === 'response'));
  assert.equal(idle.response?.body.status, 'truncated');
  assert.equal(body(idle.response), 'data: 1\n\n');
  h2.end();
  assert.deepEqual(
    exchanges.map((x) => x.streamId),
    [1, 3],
  );
  assert.ok(codes(exchanges[1]!).includes('end-of-input'));
  assert.ok(codes(exchanges[1]!).includes('response-missing'));
  assert.equal(h2.openStreams, 0);
});

test('maxStreams: the oldest open stream is emitted flagged limit-exceeded', () => {
  const { push, exchanges } = harness({ maxStreams: 2 });
  const client = new ScriptedPeer();
  push('write', clientStart());
  for (const id of [1, 3, 5, 7]) push('write', client.headers(id, request(`/${id}`), { endStream: true }));
  assert.deepEqual(
    exchanges.map((x) => [x.streamId, codes(x).includes('limit-exceeded')]),
    [
      [1, true],
      [3, true],
    ],
  );
});

test('late frames for an emitted stream do not open a new one', () => {
  const { push, exchanges, h2 } = harness();
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/'), { endStream: true })));
  push('read', concat(serverStart(), server.headers(1, response(200), { endStream: true })));
  push('write', rstStreamFrame(1, 0));
  push('read', dataFrame(1, Buffer.from('late')));
  h2.end();
  assert.equal(exchanges.length, 1);
});

test('a new client preface restarts the connection: open streams flushed, later ids suffixed', () => {
  const { push, exchanges } = harness();
  const client = new ScriptedPeer();
  push('write', concat(clientStart(), client.headers(1, request('/old'), { endStream: true })));
  const client2 = new ScriptedPeer();
  const server2 = new ScriptedPeer();
  push('write', concat(clientStart(), client2.headers(1, request('/new'), { endStream: true })));
  push('read', concat(serverStart(), server2.headers(1, response(200), { endStream: true })));
  assert.deepEqual(
    exchanges.map((x) => [x.id, x.request?.target, x.response?.status]),
    [
      ['42:7:0#s1', '/old', undefined],
      ['42:7:0#s1.1', '/new', 200],
    ],
  );
  assert.ok(exchanges[0]!.issues.some((i) => i.code === 'end-of-input' && i.detail === 'a new connection preface followed'));
});

test('v2 dialect is carried; settings bound the other direction’s frame size', () => {
  const { push, exchanges } = harness({}, 'v2');
  const client = new ScriptedPeer();
  const server = new ScriptedPeer();
  push('write', concat(clientStart(), settingsFrame([[5, 1 << 20]]), client.headers(1, request('/big'), { endStream: true })));
  push('read', concat(serverStart(), server.headers(1, response(200)), dataFrame(1, new Uint8Array(100_000).fill(7), { endStream: true })));
  assert.equal(exchanges[0]?.dialect, 'v2');
  assert.equal(exchanges[0]?.response?.body.wireSize, 100_000);
  assert.ok(!codes(exchanges[0]!).includes('parse-error'));
});
