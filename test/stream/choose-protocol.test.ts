// The first bytes of a raw/v2 connection: HTTP/1 or HTTP/2, or wait for more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProtocol, chooseProtocolAtEnd } from '../../src/stream/choose-protocol.js';

const settings = Buffer.from([0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100]); // SETTINGS, 1 entry

test('text first is HTTP/1: start lines, mid-message text and the preface (handed over later)', () => {
  assert.equal(chooseProtocol(Buffer.from('G')), 'http1');
  assert.equal(chooseProtocol(Buffer.from('HTTP/1.1 200 OK\r\n')), 'http1');
  assert.equal(chooseProtocol(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')), 'http1');
});

test('a frame chain is HTTP/2; a prefix of one waits for more bytes', () => {
  assert.equal(chooseProtocol(settings), 'http2');
  assert.equal(chooseProtocol(settings.subarray(0, 1)), undefined);
  assert.equal(chooseProtocol(settings.subarray(0, 9)), undefined);
  assert.equal(chooseProtocol(settings.subarray(0, 12)), undefined);
  assert.equal(chooseProtocol(Buffer.from([0x7f])), undefined);
});

test('binary that cannot begin a frame is HTTP/1 (a body met mid-stream)', () => {
  assert.equal(chooseProtocol(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])), 'http1');
  assert.equal(chooseProtocol(Buffer.from([0, 0, 4, 0xee, 0, 0, 0, 0, 1])), 'http1'); // type 0xee
});

test('the producer type hint 2/4 says HTTP/2 at once', () => {
  assert.equal(chooseProtocol(Buffer.from('x'), 2), 'http2');
  assert.equal(chooseProtocol(Buffer.from('x'), 4), 'http2');
});

test('at the end of input a plausible frame start is HTTP/2, anything else HTTP/1', () => {
  assert.equal(chooseProtocolAtEnd(settings.subarray(0, 12)), 'http2');
  assert.equal(chooseProtocolAtEnd(settings.subarray(0, 3)), 'http2');
  assert.equal(chooseProtocolAtEnd(Buffer.from([0x80, 1])), 'http1');
});
