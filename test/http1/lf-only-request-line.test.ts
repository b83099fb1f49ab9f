// wget writes LF-only request lines (eCapture's own upstream testdata): llhttp must take them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { read } from '../../src/api/connect.js';
import { Http1Connection } from '../../src/http1/connection.js';
import type { ConnectionInfo, Exchange } from '../../src/model/exchange.js';
import { FIXTURES } from '../support/expected.js';

test('an LF-only request and response pair up', () => {
  const out: Exchange[] = [];
  const info: ConnectionInfo = { id: 't:1:1', pid: 1, comm: 'wget', hooked: 'unknown' };
  const c = new Http1Connection(info, 'raw', {}, (x) => out.push(x));
  const at = { ms: 1, anchored: true, approximate: false };
  c.push('write', Buffer.from('GET /a HTTP/1.1\nHost: h\nAccept: */*\n\n'), at);
  c.push('read', Buffer.from('HTTP/1.1 200 OK\nContent-Length: 2\n\nhi'), at);
  c.end();
  assert.equal(out.length, 1);
  assert.equal(out[0]!.request?.method, 'GET');
  assert.deepEqual(out[0]!.request?.headers, [['Host', 'h'], ['Accept', '*/*']]);
  assert.equal(out[0]!.response?.status, 200);
  assert.ok(!out[0]!.issues.some((i) => i.code === 'parse-error'));
});

for (const file of ['stream-raw.ldpb', 'stream-v2.ldpb']) {
  test(`upstream testdata ${file}: wget's LF-only request to motd.ubuntu.com is paired`, async () => {
    const found: Exchange[] = [];
    for await (const x of read(join(FIXTURES, 'upstream-testdata', file))) found.push(x);
    const motd = found.find((x) => x.request?.url === 'https://motd.ubuntu.com/');
    assert.ok(motd, found.map((x) => x.request?.url).join(', '));
    assert.equal(motd.connection.comm, 'wget');
    assert.equal(motd.response?.status, 200);
  });
}
