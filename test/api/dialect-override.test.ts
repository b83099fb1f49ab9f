// The manual dialect override wins over per-message detection for the whole source.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { read } from '../../src/api/connect.js';
import type { Exchange } from '../../src/model/exchange.js';
import { FIXTURES } from '../support/expected.js';

async function collect(path: string, options = {}): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for await (const x of read(path, options)) out.push(x);
  return out;
}

test('a short canonical v1 exchange settles as v1 by default and as raw when overridden', async () => {
  const path = join(FIXTURES, 'h1-get-json', 'stream.ldpb');
  const [byDefault] = await collect(path);
  assert.equal(byDefault!.dialect, 'v1');
  assert.ok(byDefault!.issues.some((i) => i.code === 'order-based-pairing'));
  const [overridden] = await collect(path, { dialect: 'raw', decode: { dialect: 'raw' } });
  assert.equal(overridden!.dialect, 'raw');
  assert.ok(!overridden!.issues.some((i) => i.code === 'order-based-pairing'));
  assert.equal(overridden!.response?.status, byDefault!.response?.status);
  assert.equal(overridden!.response?.body.decodedSha256, byDefault!.response?.body.decodedSha256);
});

test('raw chunks read with a v1 override are not parsed as raw HTTP', async () => {
  const path = join(FIXTURES, 'h1-chunked', 'stream-raw.ldpb');
  const [raw] = await collect(path);
  assert.equal(raw!.dialect, 'raw');
  const forced = await collect(path, { dialect: 'v1', decode: { dialect: 'v1' } });
  for (const x of forced) assert.equal(x.dialect, 'v1');
});
