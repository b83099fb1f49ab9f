import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unquoteGo } from '../../src/http2/v1-go-unquote.js';
import { goQuote } from './render-v1.js';

function unquote(quoted: string): string {
  const r = unquoteGo(quoted, 0);
  assert.ok(r.ok, `failed: ${JSON.stringify(r)}`);
  assert.equal(r.end, quoted.length);
  return r.value;
}

test('named escapes undo to their control bytes', () => {
  assert.equal(unquote('"\\a\\b\\f\\n\\r\\t\\v\\\\\\""'), '\x07\x08\x0c\n\r\t\x0b\\"');
});

test('\\xNN is one byte, kept as a latin1 char (invalid UTF-8 and controls)', () => {
  assert.equal(unquote('"a\\x00b\\x7f\\xff"'), 'a\x00b\x7f\xff');
});

test('\\u and \\U become the UTF-8 bytes of the code point, as latin1 chars', () => {
  // U+2028 is not printable for Go: \u2028; U+E000 (private use): \ue000; U+1F600 via \U.
  assert.equal(unquote('"\\u2028"'), '\xe2\x80\xa8');
  assert.equal(unquote('"\\ue000"'), '\xee\x80\x80');
  assert.equal(unquote('"\\U0001f600"'), '\xf0\x9f\x98\x80');
});

test('printable non-ASCII is literal UTF-8 and passes through byte for byte', () => {
  const literal = Buffer.from('"héllo 中"', 'utf8').toString('latin1');
  assert.equal(unquote(literal), Buffer.from('héllo 中', 'utf8').toString('latin1'));
});

test('the end offset points past the closing quote, so a field line can continue', () => {
  const line = '"x-a" = "b"';
  const r = unquoteGo(line, 0);
  assert.ok(r.ok);
  assert.equal(r.value, 'x-a');
  assert.equal(line.slice(r.end), ' = "b"');
});

test('malformed input is reported, not thrown', () => {
  for (const bad of ['"abc', '"\\q"', '"\\x4"', '"\\u12"', 'abc"', '"a\nb"']) {
    const r = unquoteGo(bad, 0);
    assert.equal(r.ok, false, bad);
  }
});

test('property: unquote(goQuote(bytes)) gives the bytes back', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      const got = unquote(goQuote(b));
      assert.deepEqual(Buffer.from(got, 'latin1'), Buffer.from(b));
    }),
    { numRuns: 300 },
  );
});
