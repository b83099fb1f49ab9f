import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { exchangeToNdjson, NdjsonWriter } from '../../src/sink/ndjson.js';
import { SinkClosedError } from '../../src/sink/sink-errors.js';
import { at, codedBody, exchange, plainBody, request, response, T0 } from './helpers/build-exchange.js';
import { TextSink } from './helpers/collect-output.js';

test('HTTP/1.1 GET JSON: OpenTelemetry names, header arrays, sizes and body text', () => {
  const line = exchangeToNdjson(
    exchange({
      request: request({
        headers: [
          ['Host', 'api.example.com'],
          ['Accept', 'application/json'],
          ['X-Trace', 'a'],
          ['x-trace', 'b'],
        ],
        headBytes: 90,
      }),
    }),
  );
  const body = '{"items":[{"id":1,"name":"one"}],"total":1}';
  assert.deepEqual(line, {
    'ecapture.time.start': '2024-05-01T12:00:00.000Z',
    'ecapture.time.end': '2024-05-01T12:00:00.035Z',
    'ecapture.time.anchored': true,
    'ecapture.time.send_ms': 2,
    'ecapture.time.wait_ms': 28,
    'ecapture.time.receive_ms': 5,
    'ecapture.duration_ms': 35,
    'ecapture.exchange.id': '4242:7:0#0',
    'ecapture.connection.id': '4242:7:0',
    'ecapture.dialect': 'raw',
    'ecapture.hooked': 'client',
    'ecapture.headers_rerendered': false,
    'network.protocol.name': 'http',
    'network.protocol.version': '1.1',
    'client.address': '10.0.0.2',
    'client.port': 51234,
    'network.peer.address': '93.184.216.34',
    'network.peer.port': 443,
    'process.pid': 4242,
    'process.executable.name': 'curl',
    'thread.id': 4243,
    'ecapture.fd': 7,
    'http.request.method': 'GET',
    'url.full': 'https://api.example.com/v1/items?limit=10&q=a+b',
    'url.scheme': 'https',
    'url.path': '/v1/items',
    'url.query': 'limit=10&q=a+b',
    'server.address': 'api.example.com',
    'server.port': 443,
    'http.request.header.host': ['api.example.com'],
    'http.request.header.accept': ['application/json'],
    'http.request.header.x-trace': ['a', 'b'],
    'ecapture.request.headers_size': 90,
    'http.request.body.size': 0,
    'http.response.status_code': 200,
    'ecapture.response.status_text': 'OK',
    'http.response.header.content-type': ['application/json'],
    'http.response.body.size': body.length,
    'ecapture.response.body.decoded_size': body.length,
    'ecapture.response.body.status': 'complete',
    'ecapture.response.body.text': body,
    'ecapture.issues': [],
  });
});

test('HTTP/2, gzip binary body, custom method: version "2", _OTHER, base64, transfer vs decoded size', () => {
  const png = new Uint8Array(300).map((_, i) => (i % 3 === 0 ? 0xff : i));
  const gz = new Uint8Array(gzipSync(png));
  const line = exchangeToNdjson(
    exchange({
      protocol: 'HTTP/2',
      streamId: 5,
      request: request({
        method: 'PURGE',
        url: 'https://[2001:db8::5]:8443/cache/x',
        pseudoHeaders: [[':method', 'PURGE'], [':path', '/cache/x']],
        headers: [['user-agent', 'curl/8']],
      }),
      response: response({
        pseudoHeaders: [[':status', '200']],
        reason: '',
        headers: [['content-type', 'image/png'], ['content-encoding', 'gzip']],
        body: codedBody(gz, png, 'gzip'),
      }),
    }),
  );
  assert.equal(line['network.protocol.version'], '2');
  assert.equal(line['http.request.method'], '_OTHER');
  assert.equal(line['http.request.method_original'], 'PURGE');
  assert.equal(line['ecapture.stream_id'], 5);
  assert.equal(line['server.address'], '2001:db8::5');
  assert.equal(line['server.port'], 8443);
  assert.equal(line['ecapture.request.pseudo_header.method'], 'PURGE');
  assert.equal(line['ecapture.response.pseudo_header.status'], '200');
  assert.equal(line['http.request.header.:method'], undefined);
  assert.equal(line['http.response.body.size'], gz.byteLength);
  assert.equal(line['ecapture.response.body.decoded_size'], 300);
  assert.deepEqual(line['ecapture.response.body.codings'], ['gzip']);
  assert.equal(line['ecapture.response.body.base64'], Buffer.from(png).toString('base64'));
  assert.equal(line['ecapture.response.body.text'], undefined);
});

test('a response-only exchange is kept in NDJSON, without method or URL', () => {
  const line = exchangeToNdjson(exchange({ request: undefined, issues: [{ code: 'request-missing', side: 'request' }] }));
  assert.equal(line['http.request.method'], undefined);
  assert.equal(line['url.full'], undefined);
  assert.equal(line['http.response.status_code'], 200);
  assert.deepEqual(line['ecapture.issues'], ['request-missing']);
  assert.deepEqual(line['ecapture.issue_details'], ['request-missing (request)']);
});

test('no response: error.type names the issue; non-UTF-8 request body goes to base64', () => {
  const line = exchangeToNdjson(
    exchange({
      request: request({ method: 'POST', headers: [['Content-Type', 'application/octet-stream']], body: plainBody(new Uint8Array([0xc3, 0x28])) }),
      response: undefined,
      issues: [{ code: 'end-of-input', detail: 'source ended' }],
    }),
  );
  assert.equal(line['error.type'], 'end-of-input');
  assert.equal(line['http.response.status_code'], undefined);
  assert.equal(line['ecapture.request.body.base64'], 'wyg=');
  assert.equal(line['http.request.body.size'], 2);
});

test('bodies over the cap are left out with a status; bodies:false leaves out all bytes', () => {
  const x = exchange({ response: response({ body: plainBody('z'.repeat(100)) }) });
  const capped = exchangeToNdjson(x, { maxBodyBytes: 50 });
  assert.equal(capped['ecapture.response.body.status'], 'discarded:too-large');
  assert.equal(capped['ecapture.response.body.text'], undefined);
  assert.equal(capped['http.response.body.size'], 100);
  assert.match(capped['ecapture.response.body.comment'] as string, /100 bytes exceed/);
  const noBodies = exchangeToNdjson(x, { bodies: false });
  assert.equal(noBodies['ecapture.response.body.text'], undefined);
  assert.equal(noBodies['ecapture.response.body.status'], 'complete');
});

test('unanchored times: still an ISO start, and time-unanchored among the issues', () => {
  const line = exchangeToNdjson(
    exchange({ request: request({ start: at(5000, false), end: at(5001, false) }), response: response({ start: at(5010, false), end: at(5012, false) }) }),
  );
  assert.equal(line['ecapture.time.start'], '1970-01-01T00:00:05.000Z');
  assert.equal(line['ecapture.time.anchored'], false);
  assert.deepEqual(line['ecapture.issues'], ['time-unanchored']);
  assert.equal(line['ecapture.duration_ms'], 12);
});

test('NdjsonWriter writes one parseable line per exchange, in order, and refuses writes after close', async () => {
  const sink = new TextSink({ highWaterMark: 128, slow: true });
  const writer = new NdjsonWriter(sink, { endStream: true });
  const pending = [0, 1, 2].map((i) => writer.write(exchange({ id: `c#${i}`, request: request({ start: at(T0 + i) }) })));
  await Promise.all(pending);
  await writer.close();
  const lines = sink.text.split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as Record<string, unknown>)['ecapture.exchange.id']),
    ['c#0', 'c#1', 'c#2'],
  );
  assert.equal(writer.written, 3);
  assert.equal(sink.writableFinished, true);
  await assert.rejects(writer.write(exchange()), SinkClosedError);
});
