import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { exchange, plainBody, request } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

// 0xff 0xfe and a lone 0x80 continuation byte are never valid UTF-8.
const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0x41, 0x42, 0xc3]);

function binaryUpload() {
  return exchange({
    request: request({
      method: 'PUT',
      url: 'https://files.example.com/upload/blob.bin',
      headers: [['Content-Type', 'application/octet-stream']],
      body: plainBody(bytes),
    }),
  });
}

test('a request body that is not UTF-8 follows HTTP Toolkit: empty text, flag, exact bytes in _content', async () => {
  const entry = exchangeToHarEntry(binaryUpload());
  assert.ok(entry);
  assert.equal(entry.request.postData?.text, '');
  assert.equal(entry.request.postData?.mimeType, 'application/octet-stream');
  assert.equal(entry.request._requestBodyStatus, 'discarded:not-representable');
  assert.deepEqual(entry.request._content, { text: '//4AAYBBQsM=', encoding: 'base64', size: 8 });
  assert.deepEqual(new Uint8Array(Buffer.from(entry.request._content?.text ?? '', 'base64')), bytes);
  assert.equal(entry.request.bodySize, 8);
  assert.equal(entry.request._bodyStatus, undefined);
  const { har } = await writeHar([binaryUpload()]);
  await assertValidHar(har);
});

test('a capped UTF-8 prefix that ends inside a multi-byte character is still text', () => {
  const full = new TextEncoder().encode('naïve café');
  const prefix = full.subarray(0, full.length - 1); // cuts the 2-byte "é"
  const entry = exchangeToHarEntry(
    exchange({
      request: request({
        method: 'POST',
        headers: [['Content-Type', 'text/plain; charset=utf-8']],
        body: { status: 'capped', wire: prefix, wireSize: 5000, decoded: prefix, decodedSize: 5000, codings: [], applied: [] },
      }),
    }),
  );
  assert.ok(entry);
  assert.equal(entry.request.postData?.text, 'naïve caf');
  assert.equal(entry.request._bodyStatus, 'capped');
  assert.equal(entry.request._requestBodyStatus, undefined);
  assert.equal(entry.request.bodySize, 5000);
  assert.match(entry.request.postData?.comment ?? '', /first 11 of 5000 bytes/);
});
