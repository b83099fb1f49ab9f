import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { exchange, plainBody, request, response } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

const GiB = 2 ** 30;

test('a response body over maxBodyBytes is left out with _bodyStatus and a comment, sizes kept', async () => {
  const big = 'x'.repeat(5000);
  const x = exchange({ response: response({ headers: [['Content-Type', 'text/plain']], body: plainBody(big) }) });
  const entry = exchangeToHarEntry(x, { maxBodyBytes: 4096 });
  assert.ok(entry);
  assert.equal(entry.response._bodyStatus, 'discarded:too-large');
  assert.equal(entry.response.content.text, undefined);
  assert.equal(entry.response.content.size, 5000);
  assert.equal(entry.response.bodySize, 5000);
  assert.match(entry.response.content.comment ?? '', /5000 bytes exceed the export limit of 4096 bytes/);
  // At the limit it is kept.
  assert.equal(exchangeToHarEntry(x, { maxBodyBytes: 5000 })?.response.content.text, big);
  const { har } = await writeHar([x], { maxBodyBytes: 4096 });
  await assertValidHar(har);
});

test('a request body over maxBodyBytes is left out with both flags', () => {
  const x = exchange({ request: request({ method: 'POST', headers: [['Content-Type', 'application/json']], body: plainBody(`"${'y'.repeat(100)}"`) }) });
  const entry = exchangeToHarEntry(x, { maxBodyBytes: 10 });
  assert.ok(entry);
  assert.equal(entry.request.postData?.text, '');
  assert.equal(entry.request._bodyStatus, 'discarded:too-large');
  assert.equal(entry.request._requestBodyStatus, 'discarded:too-large');
  assert.equal(entry.request.bodySize, 102);
  assert.match(entry.request.postData?.comment ?? '', /102 bytes exceed/);
});

test('a 1 GiB body the model capped gives exact sizes, _bodyStatus capped, and no 1 GiB allocation', async () => {
  const prefix = new Uint8Array(64 * 1024).fill(0x61);
  const before = process.memoryUsage();
  const x = exchange({
    response: response({
      headers: [['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip']],
      // Wire and decoded prefixes: the model keeps only what fits under its cap.
      body: { status: 'capped', wire: prefix.slice(0, 1024), wireSize: GiB, decoded: prefix, decodedSize: 3 * GiB, codings: ['gzip'], applied: ['gzip'] },
    }),
  });
  const entry = exchangeToHarEntry(x);
  const { har } = await writeHar([x]);
  const after = process.memoryUsage();
  assert.ok(entry);
  assert.equal(entry.response.bodySize, GiB);
  assert.equal(entry.response.content.size, 3 * GiB);
  assert.equal(entry.response.content.compression, 2 * GiB);
  assert.equal(entry.response._bodyStatus, 'capped');
  assert.equal(entry.response.content.text, 'a'.repeat(64 * 1024));
  assert.match(entry.response.content.comment ?? '', /only the first 65536 of 3221225472 bytes were kept/);
  await assertValidHar(har);
  // Generous bound: a 1 GiB buffer (or its string) would blow far past it.
  const grew = after.rss - before.rss + (after.arrayBuffers - before.arrayBuffers);
  assert.ok(grew < 256 * 1024 * 1024, `memory grew by ${grew} bytes`);
});
