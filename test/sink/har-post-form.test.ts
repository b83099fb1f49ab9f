import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { exchange, plainBody, request } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

const form = 'user=alice&note=hello+world&tag=a%26b&tag=c';

function postForm() {
  return exchange({
    request: request({
      method: 'POST',
      url: 'https://shop.example.com/login',
      target: '/login',
      headers: [
        ['Host', 'shop.example.com'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Content-Length', String(form.length)],
      ],
      body: plainBody(form),
    }),
  });
}

test('a urlencoded POST body gives postData.text and decoded params', () => {
  const entry = exchangeToHarEntry(postForm());
  assert.ok(entry);
  assert.equal(entry.request.bodySize, form.length);
  assert.deepEqual(entry.request.postData, {
    mimeType: 'application/x-www-form-urlencoded',
    text: form,
    params: [
      { name: 'user', value: 'alice' },
      { name: 'note', value: 'hello world' },
      { name: 'tag', value: 'a&b' },
      { name: 'tag', value: 'c' },
    ],
  });
  assert.deepEqual(entry.request.queryString, []);
  assert.equal(entry.request._bodyStatus, undefined);
  assert.equal(entry.request._requestBodyStatus, undefined);
});

test('a multipart/form-data body gives params with file name and part type', async () => {
  const multipart = [
    '--XyZ',
    'Content-Disposition: form-data; name="title"',
    '',
    'Holiday',
    '--XyZ',
    'Content-Disposition: form-data; name="photo"; filename="a.txt"',
    'Content-Type: text/plain',
    '',
    'line one',
    'line two',
    '--XyZ--',
    '',
  ].join('\r\n');
  const x = exchange({
    request: request({
      method: 'POST',
      headers: [['Content-Type', 'multipart/form-data; boundary=XyZ']],
      body: plainBody(multipart),
    }),
  });
  const entry = exchangeToHarEntry(x);
  assert.ok(entry);
  assert.equal(entry.request.postData?.text, multipart);
  assert.deepEqual(entry.request.postData?.params, [
    { name: 'title', value: 'Holiday' },
    { name: 'photo', value: 'line one\r\nline two', fileName: 'a.txt', contentType: 'text/plain' },
  ]);
  const { har } = await writeHar([x, postForm()]);
  await assertValidHar(har);
});
