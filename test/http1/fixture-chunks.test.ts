// The fixtures' recorded SSL calls (chunks.jsonl: real curl/node traffic) through Http1Connection
// equal their ground truth (expected.json): headers in wire order, bodies by sha256, head sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Http1Connection } from '../../src/http1/connection.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseChunksJsonl } from '../support/tap/index.js';
import { FIXTURES, type ExpectedExchange } from '../support/expected.js';

const SCENARIOS = ['h1-chunked', 'h1-get-json', 'h1-gzip-compressed', 'h1-keepalive-timing', 'h1-status-204-head-304'];

function run(dir: string): Exchange[] {
  const out: Exchange[] = [];
  const connections = new Map<string, Http1Connection>();
  for (const chunk of parseChunksJsonl(readFileSync(join(dir, 'chunks.jsonl'), 'utf8'))) {
    const key = chunk.conn ?? '?';
    let conn = connections.get(key);
    if (!conn) {
      conn = new Http1Connection({ id: key, pid: chunk.pid, comm: 'fixture', fd: chunk.fd, hooked: 'unknown' }, 'raw', {}, (x) => out.push(x));
      connections.set(key, conn);
    }
    if (chunk.kind === 'close') conn.end();
    else conn.push(chunk.dataType === 1 ? 'write' : 'read', chunk.data, { ms: chunk.tMs, anchored: false, approximate: false });
  }
  for (const conn of connections.values()) conn.end();
  return out;
}

for (const scenario of SCENARIOS) {
  test(`${scenario}: chunks.jsonl gives expected.json`, () => {
    const dir = join(FIXTURES, scenario);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { exchanges: Array<ExpectedExchange & { response_body_wire_sha256: string; url: string }> };
    const found = run(dir);
    assert.equal(found.length, expected.exchanges.length);
    expected.exchanges.forEach((e, i) => {
      const x = found[i]!;
      assert.equal(x.id, `${e.conn_id}#${e.index}`);
      assert.equal(x.connection.hooked, 'client');
      assert.equal(x.request!.method, e.method);
      assert.equal(x.request!.url, e.url.replace(/^http:/, 'https:'), 'https assumed, flagged');
      assert.ok(x.issues.some((issue) => issue.code === 'scheme-inferred'));
      assert.deepEqual(x.request!.headers, e.request_headers);
      assert.equal(x.request!.body.wireSize, e.request_body_length);
      if (e.request_body_length > 0) assert.equal(x.request!.body.wireSha256, e.request_body_sha256);
      assert.equal(x.response!.status, e.status);
      assert.deepEqual(x.response!.headers, e.response_headers);
      assert.equal(x.response!.body.wireSize, e.response_body_wire_length);
      if (e.response_body_wire_length > 0) assert.equal(x.response!.body.wireSha256, e.response_body_wire_sha256);
      assert.deepEqual(x.issues.map((issue) => issue.code), ['scheme-inferred']);
      assert.ok(x.request!.headBytes! > 0 && x.response!.headBytes! > 0);
    });
  });
}
