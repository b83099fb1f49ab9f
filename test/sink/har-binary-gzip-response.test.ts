import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { codedBody, exchange, response } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

// A PNG signature plus bytes that are not UTF-8, repeated so gzip has something to shrink.
const png = new Uint8Array(4096);
png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
for (let i = 8; i < png.length; i++) png[i] = (i * 7) % 13 === 0 ? 0xff : i % 4;
const gz = new Uint8Array(gzipSync(png));

function gzipImage() {
  return exchange({
    response: response({
      headers: [
        ['Content-Type', 'image/png'],
        ['Content-Encoding', 'gzip'],
      ],
      body: codedBody(gz, png, 'gzip'),
    }),
  });
}

test('a gzip-coded binary response is exported decoded, as base64, with sizes and compression', async () => {
  const entry = exchangeToHarEntry(gzipImage());
  assert.ok(entry);
  const content = entry.response.content;
  assert.equal(content.encoding, 'base64');
  assert.deepEqual(new Uint8Array(Buffer.from(content.text ?? '', 'base64')), png);
  assert.equal(content.size, 4096);
  assert.equal(entry.response.bodySize, gz.byteLength);
  assert.ok(gz.byteLength < 4096);
  assert.equal(content.compression, 4096 - gz.byteLength);
  assert.equal(content.mimeType, 'image/png');
  const { har } = await writeHar([gzipImage()]);
  await assertValidHar(har);
});

test('a gzip-coded JSON response is exported as decoded text', () => {
  const json = new TextEncoder().encode(JSON.stringify({ ok: true, list: Array.from({ length: 50 }, (_, i) => i) }));
  const wire = new Uint8Array(gzipSync(json));
  const entry = exchangeToHarEntry(
    exchange({ response: response({ headers: [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], body: codedBody(wire, json, 'gzip') }) }),
  );
  assert.ok(entry);
  assert.equal(entry.response.content.encoding, undefined);
  assert.deepEqual(JSON.parse(entry.response.content.text ?? ''), { ok: true, list: Array.from({ length: 50 }, (_, i) => i) });
  assert.equal(entry.response.content.compression, json.byteLength - wire.byteLength);
});

test('a body whose coding could not be undone is exported as its wire bytes, flagged', () => {
  const wire = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]);
  const entry = exchangeToHarEntry(
    exchange({
      response: response({
        headers: [['Content-Type', 'text/html'], ['Content-Encoding', 'gzip']],
        body: { status: 'undecodable', wire, wireSize: 6, codings: ['gzip'], applied: [] },
      }),
    }),
  );
  assert.ok(entry);
  assert.equal(entry.response._bodyStatus, 'undecodable');
  assert.equal(entry.response.content.encoding, 'base64');
  assert.equal(entry.response.content.text, Buffer.from(wire).toString('base64'));
  assert.equal(entry.response.content.size, 6);
  assert.equal(entry.response.content.compression, undefined);
  assert.match(entry.response.content.comment ?? '', /still-encoded/);
});

test('a v1 body eCapture already gunzipped has an unknown wire size (-1), not a guessed one', () => {
  const html = new TextEncoder().encode('<p>hi</p>');
  const entry = exchangeToHarEntry(
    exchange({
      dialect: 'v1',
      headersRerendered: true,
      response: response({
        headers: [['Content-Type', 'text/html'], ['Content-Encoding', 'gzip']],
        body: { status: 'decoded-by-ecapture', wire: html, wireSize: html.byteLength, codings: ['gzip'], applied: [] },
      }),
    }),
  );
  assert.ok(entry);
  assert.equal(entry.response.bodySize, -1);
  assert.equal(entry.response.content.size, html.byteLength);
  assert.equal(entry.response.content.text, '<p>hi</p>');
  assert.equal(entry.response._bodyStatus, undefined);
});
