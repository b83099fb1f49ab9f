import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exchangeToHarEntry } from '../../src/sink/har/index.js';
import { at, exchange, request, response, T0 } from './helpers/build-exchange.js';
import { assertValidHar } from './helpers/validate-har.js';
import { writeHar } from './helpers/write-har-text.js';

// Boot-relative milliseconds (bpf_ktime): good for order and durations only.
const boot = 987_654.5;

function unanchored() {
  return exchange({
    request: request({ start: at(boot, false), end: at(boot + 1, false) }),
    response: response({ start: at(boot + 11, false), end: at(boot + 14.5, false) }),
  });
}

test('unanchored times still give a valid date, durations, and time-unanchored in _issues', async () => {
  const entry = exchangeToHarEntry(unanchored());
  assert.ok(entry);
  assert.ok(Number.isFinite(Date.parse(entry.startedDateTime)));
  assert.equal(entry.startedDateTime, '1970-01-01T00:16:27.654Z');
  assert.equal(entry.timings.send, 1);
  assert.equal(entry.timings.wait, 10);
  assert.equal(entry.timings.receive, 3.5);
  assert.equal(entry.time, 14.5);
  assert.deepEqual(
    entry._issues.filter((i) => i.code === 'time-unanchored').length,
    1,
  );
  const { har } = await writeHar([unanchored()]);
  await assertValidHar(har);
});

test('time-unanchored already reported by the model is not repeated', () => {
  const entry = exchangeToHarEntry({ ...unanchored(), issues: [{ code: 'time-unanchored' }] });
  assert.deepEqual(entry?._issues, [{ code: 'time-unanchored' }]);
});

test('durations are never taken across clocks and never negative', () => {
  const mixed = exchangeToHarEntry(
    exchange({
      request: request({ start: at(T0), end: at(T0 + 5) }),
      response: response({ start: at(boot, false), end: at(boot - 3, false) }),
    }),
  );
  assert.ok(mixed);
  assert.equal(mixed.timings.send, 5);
  assert.equal(mixed.timings.wait, 0);
  assert.equal(mixed.timings.receive, 0);
  assert.equal(mixed.time, 5);
  assert.ok(mixed._issues.some((i) => i.code === 'time-unanchored'));
});

test('an exchange with no time at all is dated at the epoch and flagged', async () => {
  const x = exchange({
    request: request({ start: undefined, end: undefined }),
    response: response({ start: undefined, end: undefined }),
  });
  const entry = exchangeToHarEntry(x);
  assert.equal(entry?.startedDateTime, '1970-01-01T00:00:00.000Z');
  assert.equal(entry?.time, 0);
  assert.match(entry?._issues.find((i) => i.code === 'time-unanchored')?.detail ?? '', /no event time/);
  const { har } = await writeHar([x]);
  await assertValidHar(har);
});

test('approximate instants add time-approximate once', () => {
  const approx = { ms: T0 + 3, anchored: true, approximate: true };
  const entry = exchangeToHarEntry(exchange({ response: response({ start: approx, end: approx }) }));
  assert.deepEqual(entry?._issues.map((i) => i.code), ['time-approximate']);
  const already = exchangeToHarEntry(exchange({ issues: [{ code: 'time-approximate' }], response: response({ start: approx }) }));
  assert.deepEqual(already?._issues, [{ code: 'time-approximate' }]);
});
