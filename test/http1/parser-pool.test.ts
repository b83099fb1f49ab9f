// Pooled parsers: natives are reused after release, and re-initialised ones parse exactly like new
// ones (same exchanges from the same recording, over and over).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acquireParser, pooledParserCount, releaseParser, PARSER_POOL_SIZE } from '../../src/http1/parser-pool.js';
import type { ParserEvents } from '../../src/http1/llhttp-adapter.js';
import { runTap } from '../support/tap/index.js';
import { feedCalls, withoutTimes } from './support/feed.js';

const quiet: ParserEvents = {
  messageBegin: () => undefined,
  headersComplete: () => 'normal',
  body: () => undefined,
  trailers: () => undefined,
  messageComplete: () => undefined,
};

test('released natives are reused, and the pool is bounded', () => {
  const parsers = Array.from({ length: 3 }, () => acquireParser('request', { maxHeaderSize: 1024 }, quiet));
  const before = pooledParserCount();
  for (const p of parsers) releaseParser(p);
  assert.equal(pooledParserCount(), Math.min(PARSER_POOL_SIZE, before + 3));
  releaseParser(parsers[0]!); // twice: ignored
  assert.equal(pooledParserCount(), Math.min(PARSER_POOL_SIZE, before + 3));
  const again = acquireParser('response', { maxHeaderSize: 1024 }, quiet);
  assert.equal(pooledParserCount(), Math.min(PARSER_POOL_SIZE, before + 3) - 1, 'taken from the pool');
  assert.equal(again.execute(new TextEncoder().encode('HTTP/1.1 204 No Content\r\n\r\n')).kind, 'head-end', 'a re-initialised native parses as its new kind');
  releaseParser(again);
  assert.equal(parsers[0]!.execute(new Uint8Array([0x47])).kind, 'error', 'a released wrapper refuses to parse');
  const many = Array.from({ length: PARSER_POOL_SIZE + 5 }, () => acquireParser('request', { maxHeaderSize: 1024 }, quiet));
  for (const p of many) releaseParser(p);
  assert.equal(pooledParserCount(), PARSER_POOL_SIZE);
});

test('re-initialised parsers give identical exchanges', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      if (req.url === '/chunked') {
        res.write('a');
        res.end('b'.repeat(5000));
      } else res.end(`${req.method} ${body.length}`);
    },
    client: async (c) => {
      await c.request({ path: '/chunked' });
      await c.request({ method: 'POST', path: '/p', body: 'x'.repeat(3000) });
      await c.request({ method: 'HEAD', path: '/h' });
    },
  });
  const calls = cap.calls({ side: 'client' });
  const drained = Array.from({ length: pooledParserCount() }, () => acquireParser('request', { maxHeaderSize: 1024 }, quiet));
  assert.equal(pooledParserCount(), 0);
  const first = feedCalls(calls).exchanges.map(withoutTimes);
  assert.equal(first.length, 3);
  // Readers give their parser back between messages, so the two directions may have shared one native.
  assert.ok(pooledParserCount() >= 1 && pooledParserCount() <= 2, 'the ended connection gave its parsers back');
  for (const p of drained) releaseParser(p);
  for (let round = 0; round < 20; round++) {
    assert.deepEqual(feedCalls(calls).exchanges.map(withoutTimes), first, `round ${round}`);
  }
});

test('an idle keep-alive connection holds no native parser between messages', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      res.end(`${req.method} ${body.length}`);
    },
    client: async (c) => {
      await c.request({ path: '/a' });
      await c.request({ method: 'POST', path: '/b', body: 'x'.repeat(2000) });
    },
  });
  const drained = Array.from({ length: pooledParserCount() }, () => acquireParser('request', { maxHeaderSize: 1024 }, quiet));
  assert.equal(pooledParserCount(), 0);
  const fed = feedCalls(cap.calls({ side: 'client' }), { end: false });
  assert.equal(fed.exchanges.length, 2, 'both exchanges complete while the connection stays open');
  assert.ok(pooledParserCount() >= 1, 'the open, idle connection gave its parsers back to the pool');
  // The same connection wakes up cleanly: more traffic on it still parses (a fresh parser per message).
  for (const { http1 } of fed.connections.values()) http1.end();
  for (const p of drained) releaseParser(p);
});
