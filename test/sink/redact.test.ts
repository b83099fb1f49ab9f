import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../src/model/exchange.js';
import { exchangeToHarEntry, type HarEntry } from '../../src/sink/har/index.js';
import { exchangeToNdjson } from '../../src/sink/ndjson.js';
import { redactExchange, redactExchangeWithReport, stripUrlCredentials } from '../../src/sink/redact.js';
import { exchange, plainBody, request, response } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';

const SECRETS = ['SECRET-COOKIE', 'SECRET-AUTH', 'SECRET-PROXY', 'SECRET-KEY', 'SECRET-SET', 'hunter2', 'SECRET-LOC'];

function sensitive(): Exchange {
  return exchange({
    request: request({
      method: 'POST',
      url: 'https://alice:hunter2@api.example.com/v1/items?x=1',
      target: '/v1/items?x=1',
      headers: [
        ['Host', 'api.example.com'],
        ['Cookie', 'sid=SECRET-COOKIE; theme=dark'],
        ['Authorization', 'Bearer SECRET-AUTH'],
        ['Proxy-Authorization', 'Basic SECRET-PROXY'],
        ['X-Api-Key', 'SECRET-KEY'],
        ['Content-Type', 'application/json'],
        ['Referer', 'https://app.example.com/page'],
      ],
      body: plainBody('{"a":1}'),
    }),
    response: response({
      status: 302,
      reason: 'Found',
      headers: [
        ['Set-Cookie', 'sid=SECRET-SET; HttpOnly'],
        ['Location', 'https://bob:SECRET-LOC@other.example.com/next'],
        ['Content-Type', 'application/json'],
      ],
    }),
  });
}

test('redaction removes exactly what it names from the HAR entry and nothing else', async () => {
  const plain = exchangeToHarEntry(sensitive()) as HarEntry;
  const redacted = exchangeToHarEntry(sensitive(), { redact: { headers: ['X-API-KEY'] } }) as HarEntry;
  const text = JSON.stringify(redacted);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} survived redaction`);

  // Expected: the unredacted entry with the named fields removed, built here by hand.
  const expected = structuredClone(plain);
  const removed = new Set(['cookie', 'authorization', 'proxy-authorization', 'x-api-key']);
  expected.request.url = 'https://api.example.com/v1/items?x=1';
  expected.request.headers = expected.request.headers.filter((h) => !removed.has(h.name.toLowerCase()));
  expected.request.cookies = [];
  expected.response.headers = expected.response.headers
    .filter((h) => h.name !== 'Set-Cookie')
    .map((h) => (h.name === 'Location' ? { ...h, value: 'https://other.example.com/next' } : h));
  expected.response.cookies = [];
  expected.response.redirectURL = 'https://other.example.com/next';
  expected._redacted = [
    'request.header:authorization',
    'request.header:cookie',
    'request.header:proxy-authorization',
    'request.header:x-api-key',
    'request.url.credentials',
    'response.header:location.credentials',
    'response.header:set-cookie',
  ];
  assert.deepEqual(redacted, expected);
  await assertValidHar({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [redacted] } });
});

test('redact: true uses the default set; user headers are only removed when named', () => {
  const entry = exchangeToHarEntry(sensitive(), { redact: true }) as HarEntry;
  assert.ok(entry.request.headers.some((h) => h.name === 'X-Api-Key'));
  assert.ok(!entry.request.headers.some((h) => h.name === 'Authorization'));
});

test('an exchange with nothing sensitive is unchanged by redaction', () => {
  const x = exchange();
  assert.deepEqual(redactExchange(x, {}), x);
  assert.deepEqual(redactExchangeWithReport(x, {}).redacted, []);
  assert.deepEqual(exchangeToHarEntry(x, { redact: true }), exchangeToHarEntry(x));
});

test('redaction does not mutate the exchange it is given', () => {
  const x = sensitive();
  const copy = structuredClone(x);
  redactExchange(x, { headers: ['x-api-key'] });
  assert.deepEqual(x, copy);
});

test('HTTP/2 pseudo-headers and trailers are redacted too', () => {
  const x = exchange({
    protocol: 'HTTP/2',
    request: request({
      url: 'https://u:p@h.example/x',
      authority: 'u:p@h.example',
      pseudoHeaders: [[':method', 'GET'], [':authority', 'u:p@h.example'], [':path', '/x']],
      headers: [['authorization', 'Bearer t']],
      trailers: [['x-secret', 's']],
    }),
  });
  const { exchange: r, redacted } = redactExchangeWithReport(x, { headers: ['x-secret'] });
  assert.equal(r.request?.url, 'https://h.example/x');
  assert.equal(r.request?.authority, 'h.example');
  assert.deepEqual(r.request?.pseudoHeaders, [[':method', 'GET'], [':authority', 'h.example'], [':path', '/x']]);
  assert.deepEqual(r.request?.headers, []);
  assert.deepEqual(r.request?.trailers, []);
  assert.deepEqual(redacted, ['request.header:authorization', 'request.trailer:x-secret', 'request.url.credentials']);
});

test('NDJSON redaction drops the same fields', () => {
  const line = exchangeToNdjson(sensitive(), { redact: { headers: ['x-api-key'] } });
  const text = JSON.stringify(line);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} survived redaction`);
  assert.equal(line['url.full'], 'https://api.example.com/v1/items?x=1');
  assert.equal(line['http.request.header.authorization'], undefined);
  assert.deepEqual(line['http.request.header.referer'], ['https://app.example.com/page']);
  assert.ok((line['ecapture.redacted'] as string[]).includes('request.header:cookie'));
});

test('stripUrlCredentials', () => {
  assert.equal(stripUrlCredentials('https://a:b@h/p?q=@x'), 'https://h/p?q=@x');
  assert.equal(stripUrlCredentials('https://h/p@x'), undefined);
  assert.equal(stripUrlCredentials('/relative'), undefined);
  assert.equal(stripUrlCredentials('http://a@b@h:8080/'), 'http://h:8080/');
});
