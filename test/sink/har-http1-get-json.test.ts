import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { at, exchange, request, response, T0 } from './helpers/build-exchange.js';
import { assertUtf8Clean, assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

const json = '{"items":[{"id":1,"name":"één"}],"total":1}';
const jsonBytes = new TextEncoder().encode(json).byteLength;

function getJson() {
  return exchange({
    request: request({
      headers: [
        ['Host', 'api.example.com'],
        ['Accept', 'application/json'],
        ['Cookie', 'session=abc; theme=dark'],
      ],
      headBytes: 118,
      start: at(T0 + 0.25),
      end: at(T0 + 1.5),
    }),
    response: response({
      headers: [
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Set-Cookie', 'id=42; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Secure; SameSite=Lax'],
      ],
      headBytes: 140,
      body: {
        status: 'complete',
        wire: new TextEncoder().encode(json),
        wireSize: jsonBytes,
        decoded: new TextEncoder().encode(json),
        decodedSize: jsonBytes,
        codings: [],
        applied: [],
      },
      start: at(T0 + 21.5),
      end: at(T0 + 24),
    }),
  });
}

test('HTTP/1.1 GET with a JSON response becomes a complete HAR entry', () => {
  const entry = exchangeToHarEntry(getJson());
  assert.ok(entry);
  assert.equal(entry.startedDateTime, '2024-05-01T12:00:00.000Z');
  assert.deepEqual(entry.timings, { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 1.25, wait: 20, receive: 2.5 });
  assert.equal(entry.time, 23.75);
  assert.equal(entry.request.method, 'GET');
  assert.equal(entry.request.url, 'https://api.example.com/v1/items?limit=10&q=a+b');
  assert.equal(entry.request.httpVersion, 'HTTP/1.1');
  assert.deepEqual(entry.request.queryString, [
    { name: 'limit', value: '10' },
    { name: 'q', value: 'a b' },
  ]);
  assert.deepEqual(entry.request.cookies, [
    { name: 'session', value: 'abc' },
    { name: 'theme', value: 'dark' },
  ]);
  assert.equal(entry.request.headersSize, 118);
  assert.equal(entry.request.bodySize, 0);
  assert.equal(entry.request.postData, undefined);
  assert.equal(entry.response.status, 200);
  assert.equal(entry.response.statusText, 'OK');
  assert.equal(entry.response.httpVersion, 'HTTP/1.1');
  assert.equal(entry.response.headersSize, 140);
  assert.equal(entry.response.bodySize, jsonBytes);
  assert.deepEqual(entry.response.content, { size: jsonBytes, mimeType: 'application/json; charset=utf-8', text: json });
  assert.deepEqual(entry.response.cookies, [
    { name: 'id', value: '42', path: '/', expires: '2026-10-21T07:28:00.000Z', httpOnly: true, secure: true, sameSite: 'Lax' },
  ]);
  assert.equal(entry.serverIPAddress, '93.184.216.34');
  assert.equal(entry.connection, '4242:7:0');
  assert.deepEqual(entry._issues, []);
  assert.deepEqual(entry._ecapture, {
    exchangeId: '4242:7:0#0',
    connectionId: '4242:7:0',
    pid: 4242,
    tid: 4243,
    comm: 'curl',
    fd: 7,
    client: { ip: '10.0.0.2', port: 51234 },
    server: { ip: '93.184.216.34', port: 443 },
    dialect: 'raw',
    hooked: 'client',
    headersRerendered: false,
  });
  assert.equal(entry._error, undefined);
});

test('the HAR document is valid for har-validator, @har-sdk/validator and Chrome import, and UTF-8 clean', async () => {
  const { text, har } = await writeHar([getJson()]);
  await assertValidHar(har);
  assertUtf8Clean(text);
  assert.equal(har.log.entries.length, 1);
  assert.ok(text.includes('één'));
});

test('re-rendered v1 heads and HTTP/1.0 keep the exact protocol and give headersSize -1 only when not exact', () => {
  const v1 = exchangeToHarEntry({ ...getJson(), dialect: 'v1', headersRerendered: true });
  assert.equal(v1?.request.headersSize, -1);
  assert.equal(v1?.response.headersSize, -1);
  const http10 = exchangeToHarEntry({ ...getJson(), protocol: 'HTTP/1.0' });
  assert.equal(http10?.request.httpVersion, 'HTTP/1.0');
  assert.equal(http10?.response.httpVersion, 'HTTP/1.0');
  assert.equal(http10?.request.headersSize, 118);
});

test('an IPv6 server address is kept, a non-address is not put in serverIPAddress', async () => {
  const base = getJson();
  const v6 = exchangeToHarEntry({ ...base, connection: { ...base.connection, server: { ip: '2001:db8::1', port: 443 } } });
  assert.equal(v6?.serverIPAddress, '2001:db8::1');
  const bogus = exchangeToHarEntry({ ...base, connection: { ...base.connection, server: { ip: 'not-an-ip', port: 443 } } });
  assert.equal(bogus?.serverIPAddress, undefined);
  assert.ok(v6);
  await assertValidHar({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [v6] } });
});
