// Bytes that are not HTTP/1: never a throw, never an invented message. Garbage after a request is
// a parse error on the next exchange shown; garbage first leaves the server's answer standing alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runTap } from '../support/tap/index.js';
import { Http1Connection } from '../../src/http1/connection.js';
import type { Exchange } from '../../src/model/exchange.js';
import { codes, feedCalls, rawRequest } from './support/feed.js';

test('garbage after a valid request: the server answers 400, flagged parse-error, nothing invented', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (_req, res) => void res.end('fine'),
    client: async (c) => {
      const raw = await c.connect();
      await raw.write(rawRequest('GET', '/ok', [['Host', 'h']]));
      await raw.waitFor((got) => got.includes('fine'));
      await raw.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]));
      await raw.waitFor((got) => got.includes('400'));
      await raw.end();
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.deepEqual(
    fed.exchanges.map((x) => `${x.request?.target ?? '-'} ${x.response?.status ?? '-'}`),
    ['/ok 200', '- 400'],
  );
  assert.deepEqual(codes(fed.exchanges[0]!), ['scheme-inferred']);
  const bad = fed.exchanges[1]!;
  assert.ok(codes(bad).includes('request-missing'));
  assert.ok(bad.issues.some((i) => i.code === 'parse-error' && i.side === 'request' && /HPE_/.test(i.detail ?? '')), JSON.stringify(bad.issues));
});

test('garbage as the first bytes: the 400 stands alone, flagged', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (_req, res) => void res.end('never'),
    client: async (c) => {
      const raw = await c.connect();
      await raw.write('\x00\x01\x02 this is not http\r\n\r\n');
      await raw.waitFor((got) => got.includes('400'));
      await raw.end();
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }));
  assert.equal(fed.exchanges.length, 1);
  const x = fed.exchanges[0]!;
  assert.equal(x.response!.status, 400);
  assert.equal(fed.connections.values().next().value!.info.hooked, 'client');
  assert.ok(codes(x).includes('request-missing'));
  assert.ok(codes(x).includes('mid-stream-start'), JSON.stringify(x.issues));
});

test('random bytes in both directions never throw; every exchange is flagged or well-formed', () => {
  const at = { ms: 0, anchored: false, approximate: false };
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          direction: fc.constantFrom('read' as const, 'write' as const),
          bytes: fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.constantFrom(
              'GET / HTTP/1.1\r\n',
              'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc',
              'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab',
              '\r\n\r\n',
              'HTTP/1.1 101 Switching Protocols\r\n\r\n',
              'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
            ).map((s) => new TextEncoder().encode(s)),
          ),
          gap: fc.boolean(),
        }),
        { maxLength: 25 },
      ),
      (pushes) => {
        const out: Exchange[] = [];
        const conn = new Http1Connection({ id: 'g', pid: 1, comm: 'x', hooked: 'unknown' }, 'raw', { maxPendingBytes: 2048 }, (x) => out.push(x));
        pushes.forEach((p, i) => {
          if (p.gap) conn.gap();
          conn.push(p.direction, p.bytes, { ...at, ms: i }, { possiblyTruncated: i % 7 === 3 });
          conn.advance(i);
        });
        conn.end();
        for (const x of out) {
          assert.ok(x.request || x.response, 'an exchange has at least one side');
          if (!x.request) assert.ok(codes(x).includes('request-missing'));
          if (!x.response) assert.ok(codes(x).includes('response-missing'));
        }
      },
    ),
    { numRuns: 300 },
  );
});
