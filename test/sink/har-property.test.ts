// Property: whatever a (type-correct) exchange holds, the HAR document stays valid for every
// reader we check, and the NDJSON line stays parseable JSON with integer sizes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Body, Exchange, HeaderList, Instant } from '../../src/model/exchange.js';
import { exchangeToNdjson } from '../../src/sink/ndjson.js';
import { connection, T0 } from './helpers/build-exchange.js';
import { assertUtf8Clean, assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const headerValue = fc.string({ maxLength: 24 }).map((s) => s.replace(/[\r\n]/g, ' '));
const headers: fc.Arbitrary<HeaderList> = fc.array(fc.tuple(token, headerValue), { maxLength: 5 });
const contentType = fc.constantFrom(undefined, 'application/json', 'text/plain; charset=utf-8', 'image/png', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b');
const instant: fc.Arbitrary<Instant | undefined> = fc.option(
  fc.record({ ms: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((d) => T0 + d), anchored: fc.boolean(), approximate: fc.boolean() }),
  { nil: undefined },
);

const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant<Body>({ status: 'absent', wireSize: 0, codings: [], applied: [] }),
  fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.constantFrom('complete', 'truncated', 'capped', 'decoded-by-ecapture') as fc.Arbitrary<Body['status']>, fc.nat(1e6)).map(
    ([bytes, status, extra]): Body => ({
      status,
      wire: bytes,
      wireSize: bytes.byteLength + (status === 'capped' ? extra : 0),
      decoded: bytes,
      decodedSize: bytes.byteLength + (status === 'capped' ? extra : 0),
      codings: status === 'decoded-by-ecapture' ? ['gzip'] : [],
      applied: [],
    }),
  ),
  fc.string({ maxLength: 64, unit: 'grapheme' }).map((s): Body => {
    const bytes = new TextEncoder().encode(s);
    return { status: 'complete', wire: bytes, wireSize: bytes.byteLength, decoded: bytes, decodedSize: bytes.byteLength, codings: [], applied: [] };
  }),
  fc.uint8Array({ maxLength: 32 }).map((wire): Body => ({ status: 'undecodable', wire, wireSize: wire.byteLength, codings: ['br'], applied: [] })),
);

const exchangeArb: fc.Arbitrary<Exchange> = fc
  .record({
    protocol: fc.constantFrom('HTTP/1.0', 'HTTP/1.1', 'HTTP/2') as fc.Arbitrary<Exchange['protocol']>,
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', ''),
    path: fc.webPath(),
    query: fc.option(fc.webQueryParameters(), { nil: undefined }),
    reqHeaders: headers,
    reqType: contentType,
    reqBody: body,
    hasResponse: fc.boolean(),
    status: fc.integer({ min: 100, max: 599 }),
    resHeaders: headers,
    resType: contentType,
    resBody: body,
    times: fc.tuple(instant, instant, instant, instant),
    headBytes: fc.option(fc.nat(9000), { nil: undefined }),
    rerendered: fc.boolean(),
  })
  .map((r): Exchange => {
    const url = `https://example.com${r.path.startsWith('/') ? r.path : `/${r.path}`}${r.query !== undefined ? `?${r.query}` : ''}`;
    const h2 = r.protocol === 'HTTP/2';
    return {
      id: 'p:1:0#0',
      connection: connection(),
      protocol: r.protocol,
      dialect: r.rerendered ? 'v1' : 'raw',
      headersRerendered: r.rerendered,
      request: {
        method: r.method,
        url,
        scheme: 'https',
        target: url.slice('https://example.com'.length),
        headers: r.reqType ? [...r.reqHeaders, ['Content-Type', r.reqType]] : r.reqHeaders,
        pseudoHeaders: h2 ? [[':method', r.method], [':path', '/']] : undefined,
        headBytes: r.headBytes,
        body: r.reqBody,
        start: r.times[0],
        end: r.times[1],
      },
      response: r.hasResponse
        ? {
            status: r.status,
            reason: h2 ? '' : 'Reason',
            headers: r.resType ? [...r.resHeaders, ['Content-Type', r.resType]] : r.resHeaders,
            pseudoHeaders: h2 ? [[':status', String(r.status)]] : undefined,
            headBytes: r.headBytes,
            interim: [],
            body: r.resBody,
            start: r.times[2],
            end: r.times[3],
          }
        : undefined,
      issues: r.hasResponse ? [] : [{ code: 'response-missing' }],
    };
  });

test('any exchange gives a HAR valid for har-validator, @har-sdk/validator and Chrome, and a clean NDJSON line', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(exchangeArb, { minLength: 1, maxLength: 4 }), async (exchanges) => {
      const { text, har, writer } = await writeHar(exchanges, { maxBodyBytes: 48 });
      assertUtf8Clean(text);
      await assertValidHar(har);
      assert.equal(writer.written + writer.skipped, exchanges.length);
      assert.equal(writer.skipped, exchanges.filter((x) => x.request?.method === '').length);
      for (const x of exchanges) {
        const line = JSON.stringify(exchangeToNdjson(x, { maxBodyBytes: 48 }));
        assertUtf8Clean(line);
        const parsed = JSON.parse(line) as Record<string, unknown>;
        for (const key of ['http.request.body.size', 'http.response.body.size', 'ecapture.response.body.decoded_size']) {
          if (key in parsed) assert.ok(Number.isInteger(parsed[key]), key);
        }
      }
    }),
    { numRuns: 60 },
  );
});

test('the validators used here do reject a broken entry', async () => {
  const { har } = await writeHar([
    {
      id: 'b#0',
      connection: connection(),
      protocol: 'HTTP/1.1',
      dialect: 'raw',
      headersRerendered: false,
      request: { method: 'GET', url: 'https://example.com/', scheme: 'https', target: '/', headers: [], body: { status: 'absent', wireSize: 0, codings: [], applied: [] } },
      issues: [],
    },
  ]);
  const broken = structuredClone(har) as unknown as { log: { entries: Array<Record<string, unknown>> } };
  broken.log.entries[0]!.time = 5; // no longer the sum of the timings
  await assert.rejects(assertValidHar(broken));
  const noStatus = structuredClone(har) as unknown as { log: { entries: Array<{ response: Record<string, unknown> }> } };
  delete noStatus.log.entries[0]!.response.status;
  await assert.rejects(assertValidHar(noStatus));
});
