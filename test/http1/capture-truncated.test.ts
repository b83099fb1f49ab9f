// eCapture keeps only the first 16384 bytes of an SSL call (§5 row 6). A message carried by such a
// call whose framing breaks right after it is flagged `capture-truncated`; the next message is
// parsed from its own start. A 16384-byte call that ends a message cleanly is not flagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { runTap, type CapturedCall, type CaptureSide, type TapCapture } from '../support/tap/index.js';
import { codes, feedCalls } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

const CUT = 16384;

/**
 * The calls a hooked process makes when it writes each message in one SSL_write: consecutive
 * chunks of one direction are joined into one call; a write keeps only its first 16384 bytes (the
 * rest is lost), a read is split into 16384-byte records (lossless).
 */
function oneWritePerMessage(cap: TapCapture, side: CaptureSide): CapturedCall[] {
  const joined: CapturedCall[] = [];
  for (const call of cap.calls({ side })) {
    const last = joined.at(-1);
    if (call.kind === 'data' && last?.kind === 'data' && last.direction === call.direction && last.conn === call.conn) {
      joined[joined.length - 1] = { ...last, data: Buffer.concat([last.data, call.data]) };
    } else joined.push(call);
  }
  return joined.flatMap((call): CapturedCall[] => {
    if (call.kind !== 'data' || call.data.length <= CUT) return [call];
    if (call.direction === 'write') return [{ ...call, data: call.data.subarray(0, CUT) }];
    const parts: CapturedCall[] = [];
    for (let at = 0; at < call.data.length; at += CUT) parts.push({ ...call, data: call.data.subarray(at, at + CUT) });
    return parts;
  });
}

test('a request body cut at 16 KiB: capture-truncated, the next request intact', async () => {
  const big = randomBytes(40_000);
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => void res.end(`${req.url} ${body.length}`),
    client: async (c) => {
      await c.request({ method: 'POST', path: '/big', body: big, headers: [['Content-Type', 'application/octet-stream']] });
      await c.request({ path: '/after' });
    },
  });
  const calls = oneWritePerMessage(cap, 'client');
  assert.ok(calls.some((c) => c.kind === 'data' && c.direction === 'write' && c.data.length === CUT), 'the big write was cut');
  const fed = feedCalls(calls);
  assert.equal(fed.exchanges.length, 2);
  const [cut, after] = fed.exchanges;
  assert.equal(cut!.request!.target, '/big');
  assert.equal(cut!.request!.body.status, 'truncated');
  assert.ok(cut!.request!.body.wireSize < big.length);
  assert.deepEqual(Buffer.from(cut!.request!.body.wire!), big.subarray(0, cut!.request!.body.wireSize), 'what was kept is the real prefix');
  assert.ok(codes(cut!).includes('capture-truncated'));
  assert.ok(codes(cut!).includes('body-truncated'));
  assert.equal(Buffer.from(cut!.response!.body.wire!).toString(), `/big ${big.length}`, 'the response still pairs');
  assertMatchesTruth(after!, cap.truth[1]!);
});

test('server-side capture: a response body cut at 16 KiB, the next response intact', async () => {
  const big = randomBytes(50_000);
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res) => {
      if (req.url === '/big') {
        res.setHeader('Content-Length', String(big.length));
        res.end(big);
      } else res.end('small');
    },
    client: async (c) => {
      await c.request({ path: '/big' });
      await c.request({ path: '/small' });
    },
  });
  const fed = feedCalls(oneWritePerMessage(cap, 'server'));
  assert.equal(fed.exchanges.length, 2);
  const [cut, small] = fed.exchanges;
  assert.equal(cut!.response!.status, 200);
  assert.equal(cut!.response!.body.status, 'truncated');
  assert.ok(codes(cut!).includes('capture-truncated'));
  assertMatchesTruth(small!, cap.truth[1]!);
});

test('a message that ends exactly at a 16384-byte call is not flagged', async () => {
  // Head + body of exactly 16384 bytes in one write: possibly truncated by size, but it is not.
  const cap = await runTap({
    protocol: 'http1',
    server: (_req, res, body) => void res.end(String(body.length)),
    client: async (c) => {
      const raw = await c.connect();
      const host = `${c.address.ip}:${c.address.port}`;
      const headFor = (n: number): string => `POST /exact HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${n}\r\n\r\n`;
      let n = CUT - headFor(0).length;
      while (headFor(n).length + n > CUT) n--;
      const request = Buffer.concat([Buffer.from(headFor(n)), Buffer.alloc(n, 0x61)]);
      assert.equal(request.length, CUT);
      await raw.write(request);
      await raw.waitFor((got) => got.includes(`\r\n\r\n${n}`));
      await raw.write(`GET /next HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      await raw.waitFor((got) => got.toString().split('HTTP/1.1 200').length === 3);
      await raw.end();
    },
  });
  const fed = feedCalls(oneWritePerMessage(cap, 'client'));
  assert.equal(fed.exchanges.length, 2);
  for (const x of fed.exchanges) assert.deepEqual(codes(x), ['scheme-inferred']);
  assert.equal(fed.exchanges[0]!.request!.body.status, 'complete');
});
