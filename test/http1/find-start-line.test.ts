// The resync search: start lines only at event starts (a body may quote HTTP), the preface
// anywhere, undecided candidates kept, everything else droppable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beginsWithStartLine, findStartLine, type StartLineSearch } from '../../src/http1/find-start-line.js';

const b = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const search = (over: Partial<StartLineSearch>): StartLineSearch => ({ want: 'either', eventStarts: [], maxLineBytes: 8192, final: false, ...over });

test('a request line at an event start is found, one mid-event is not', () => {
  const data = b('tail of a body GET /quoted HTTP/1.1\r\nHost: a\r\n\r\nGET /real HTTP/1.1\r\n');
  const real = Buffer.from(data).indexOf('GET /real');
  assert.ok(real > 0);
  assert.deepEqual(findStartLine(data, search({ eventStarts: [0, real] })), { hit: { offset: real, kind: 'request' } });
  assert.deepEqual(findStartLine(data, search({ eventStarts: [0] })), { hit: undefined, keepFrom: data.length });
});

test('status lines, wanted kinds, and unknown methods', () => {
  const data = b('HTTP/1.1 404 Not Found\r\n');
  assert.deepEqual(findStartLine(data, search({ eventStarts: [0] })), { hit: { offset: 0, kind: 'response' } });
  assert.deepEqual(findStartLine(data, search({ eventStarts: [0], want: 'request' })).hit, undefined);
  assert.deepEqual(findStartLine(b('FROB / HTTP/1.1\r\n'), search({ eventStarts: [0] })).hit, undefined, 'llhttp knows no FROB');
  assert.deepEqual(findStartLine(b('GET / HTTP/2.0\r\n'), search({ eventStarts: [0] })).hit, undefined, 'not HTTP/1');
  assert.deepEqual(findStartLine(b('HTTP/1.0 200\n'), search({ eventStarts: [0] })).hit, { offset: 0, kind: 'response' });
  assert.deepEqual(findStartLine(b('M-SEARCH * HTTP/1.1\r\n'), search({ eventStarts: [0] })).hit, { offset: 0, kind: 'request' });
});

test('a start line cut by the end of the bytes is kept for later, or rejected when final', () => {
  const data = b('xxxxPOST /upl');
  assert.deepEqual(findStartLine(data, search({ eventStarts: [4] })), { hit: undefined, keepFrom: 4 });
  assert.deepEqual(findStartLine(data, search({ eventStarts: [4], final: true })), { hit: undefined, keepFrom: data.length });
  assert.deepEqual(findStartLine(b('HTTP/1.'), search({ eventStarts: [0] })), { hit: undefined, keepFrom: 0 });
});

test('the HTTP/2 preface anywhere, even cut at the end', () => {
  const preface = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
  assert.deepEqual(findStartLine(b(`junk${preface}`), search({})), { hit: { offset: 4, kind: 'preface' } });
  assert.deepEqual(findStartLine(b(`junk${preface.slice(0, 10)}`), search({})), { hit: undefined, keepFrom: 4 });
  assert.deepEqual(findStartLine(b(`junk${preface}`), search({ want: 'response' })).hit, undefined);
});

test('beginsWithStartLine: only a complete start line of the kind', () => {
  assert.equal(beginsWithStartLine(b('GET /x HTTP/1.1\r\nHost: y\r\n'), 'request'), true);
  assert.equal(beginsWithStartLine(b('GET /x HTTP/1.1'), 'request'), false);
  assert.equal(beginsWithStartLine(b('HTTP/1.1 200 OK\r\n'), 'request'), false);
  assert.equal(beginsWithStartLine(b('HTTP/1.1 200 OK\r\n'), 'response'), true);
  assert.equal(beginsWithStartLine(b('\x00\x00\x12\x04'), 'response'), false);
});
