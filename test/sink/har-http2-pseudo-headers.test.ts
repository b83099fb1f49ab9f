import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { exchange, plainBody, request, response } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

function h2Post() {
  return exchange({
    id: '4242:7:0#s3',
    protocol: 'HTTP/2',
    streamId: 3,
    request: request({
      method: 'POST',
      url: 'https://api.example.com/v2/orders?dry=1',
      target: '/v2/orders?dry=1',
      pseudoHeaders: [
        [':method', 'POST'],
        [':scheme', 'https'],
        [':authority', 'api.example.com'],
        [':path', '/v2/orders?dry=1'],
      ],
      headers: [
        ['content-type', 'application/json'],
        ['cookie', 'a=1'],
        ['cookie', 'b=2'],
      ],
      headBytes: 57,
      body: plainBody('{"sku":"X1","qty":2}'),
    }),
    response: response({
      status: 201,
      reason: '',
      pseudoHeaders: [[':status', '201']],
      headers: [['content-type', 'application/json']],
      headBytes: 12,
      body: plainBody('{"id":"o-9"}'),
      trailers: [['grpc-status', '0']],
    }),
  });
}

test('HTTP/2: httpVersion "HTTP/2", pseudo-headers only in _pseudoHeaders, headersSize -1', async () => {
  const entry = exchangeToHarEntry(h2Post());
  assert.ok(entry);
  assert.equal(entry.request.httpVersion, 'HTTP/2');
  assert.equal(entry.response.httpVersion, 'HTTP/2');
  assert.ok(entry.request.headers.every((h) => !h.name.startsWith(':')));
  assert.ok(entry.response.headers.every((h) => !h.name.startsWith(':')));
  assert.deepEqual(entry.request._pseudoHeaders, [
    { name: ':method', value: 'POST' },
    { name: ':scheme', value: 'https' },
    { name: ':authority', value: 'api.example.com' },
    { name: ':path', value: '/v2/orders?dry=1' },
  ]);
  assert.deepEqual(entry.response._pseudoHeaders, [{ name: ':status', value: '201' }]);
  assert.deepEqual(entry.response._trailers, [{ name: 'grpc-status', value: '0' }]);
  assert.equal(entry.request.headersSize, -1);
  assert.equal(entry.response.headersSize, -1);
  assert.equal(entry.response.status, 201);
  assert.equal(entry.response.statusText, '');
  assert.deepEqual(entry.request.cookies, [
    { name: 'a', value: '1' },
    { name: 'b', value: '2' },
  ]);
  assert.deepEqual(entry.request.queryString, [{ name: 'dry', value: '1' }]);
  assert.equal(entry._ecapture.streamId, 3);
  const { text, har } = await writeHar([h2Post()]);
  await assertValidHar(har);
  assert.ok(!text.includes('"h2"'));
});
