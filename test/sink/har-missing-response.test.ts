import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { exchange, response } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

function noResponse() {
  return exchange({
    id: '4242:7:0#1',
    response: undefined,
    issues: [
      { code: 'response-missing', side: 'response' },
      { code: 'stream-reset', side: 'connection', detail: 'RST_STREAM CANCEL' },
    ],
  });
}

function responseOnly() {
  return exchange({
    id: '4242:7:0#2',
    request: undefined,
    response: response(),
    issues: [{ code: 'request-missing', side: 'request' }],
  });
}

test('an exchange without a response: status 0 and _error naming the issue', () => {
  const entry = exchangeToHarEntry(noResponse());
  assert.ok(entry);
  assert.equal(entry.response.status, 0);
  assert.equal(entry.response.httpVersion, '');
  assert.equal(entry.response.bodySize, -1);
  assert.equal(entry.response.headersSize, -1);
  assert.deepEqual(entry.response.content, { size: 0, mimeType: '' });
  assert.equal(entry._error, 'stream-reset');
  assert.deepEqual(
    entry._issues.map((i) => i.code),
    ['response-missing', 'stream-reset'],
  );
  assert.equal(entry.timings.wait, 0);
  assert.equal(entry.timings.receive, 0);
  assert.equal(entry.time, entry.timings.send);
});

test('without a more specific issue, _error is response-missing', () => {
  const entry = exchangeToHarEntry({ ...noResponse(), issues: [] });
  assert.equal(entry?._error, 'response-missing');
});

test('a response whose request was never seen is not a HAR entry', () => {
  assert.equal(exchangeToHarEntry(responseOnly()), undefined);
  assert.equal(exchangeToHarEntry({ ...noResponse(), request: { ...noResponse().request!, method: '' } }), undefined);
});

test('the writer leaves response-only exchanges out and counts them in log.comment', async () => {
  const { har, writer } = await writeHar([responseOnly(), noResponse(), responseOnly(), exchange()]);
  await assertValidHar(har);
  assert.equal(writer.written, 2);
  assert.equal(writer.skipped, 2);
  assert.equal(har.log.entries.length, 2);
  assert.equal(har.log._skippedExchanges, 2);
  assert.match(har.log.comment ?? '', /^2 exchanges left out: a response whose request was never captured/);
});

test('a log whose only exchange was left out is still valid HAR', async () => {
  const { har, writer } = await writeHar([responseOnly()]);
  assert.deepEqual(har.log.entries, []);
  assert.equal(writer.skipped, 1);
  assert.match(har.log.comment ?? '', /^1 exchange left out/);
  await assertValidHar(har);
});
