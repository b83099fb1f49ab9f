// The fixtures' real curl traffic (chunks.jsonl: the client's SSL_write/SSL_read calls) fed to
// Http2Connection as raw events, checked against the scenario's expected.json ground truth;
// then again with each connection's first call missing (a capture that began late).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Http2Connection } from '../../src/http2/connection.js';
import { UNKNOWN_FIELD_NAME } from '../../src/http2/hpack/header-field.js';
import type { ConnectionInfo, Exchange } from '../../src/model/exchange.js';
import { parseChunksJsonl, type FixtureDataChunk } from '../support/tap/read-fixture-chunks.js';

const FIXTURES = new URL('../../fixtures/ecapture/', import.meta.url).pathname;
const SCENARIOS = ['h2-curl-prior-knowledge', 'h2-post', 'h2-spread-flush'];

interface Expected {
  conn_id: string;
  stream_id: number;
  method: string;
  url: string;
  status: number;
  request_headers: Array<[string, string]>;
  response_headers: Array<[string, string]>;
  request_body_wire_length: number;
  response_body_wire_length: number;
  response_body_wire_sha256?: string;
  response_body_sha256: string;
  response_content_encoding?: string;
}

function run(scenario: string, skipFirstCalls: number): { exchanges: Exchange[]; expected: Expected[] } {
  const chunks = parseChunksJsonl(readFileSync(`${FIXTURES}${scenario}/chunks.jsonl`, 'utf8'));
  const expected = (JSON.parse(readFileSync(`${FIXTURES}${scenario}/expected.json`, 'utf8')) as { exchanges: Expected[] }).exchanges;
  const exchanges: Exchange[] = [];
  const connections = new Map<string, Http2Connection>();
  const seen = new Map<string, number>();
  for (const chunk of chunks) {
    const key = chunk.conn!;
    if (chunk.kind === 'close') {
      connections.get(key)?.end();
      continue;
    }
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count < skipFirstCalls) continue;
    let h2 = connections.get(key);
    if (!h2) {
      const info: ConnectionInfo = { id: key, pid: chunk.pid, comm: chunk.comm, fd: chunk.fd, hooked: 'unknown' };
      h2 = new Http2Connection(info, 'raw', {}, (x) => exchanges.push(x));
      connections.set(key, h2);
    }
    const data = chunk as FixtureDataChunk;
    h2.push(data.dataType === 1 ? 'write' : 'read', data.data, { ms: data.tMs, anchored: false, approximate: false }, { possiblyTruncated: data.data.length === 16384 });
  }
  for (const h2 of connections.values()) h2.end();
  return { exchanges, expected };
}

const sha = (b?: Uint8Array) => createHash('sha256').update(b ?? new Uint8Array(0)).digest('hex');

for (const scenario of SCENARIOS) {
  test(`${scenario}: every exchange as the ground truth has it`, () => {
    const { exchanges, expected } = run(scenario, 0);
    assert.equal(exchanges.length, expected.length);
    for (const e of expected) {
      const x = exchanges.find((c) => c.connection.id === e.conn_id && c.streamId === e.stream_id);
      assert.ok(x, `${e.conn_id} stream ${e.stream_id}`);
      assert.deepEqual(x.issues, []);
      assert.equal(x.connection.hooked, 'client');
      assert.equal(x.request?.method, e.method);
      assert.equal(x.request?.url, e.url);
      assert.deepEqual([...x.request!.pseudoHeaders!, ...x.request!.headers], e.request_headers);
      assert.equal(x.response?.status, e.status);
      assert.deepEqual([...x.response!.pseudoHeaders!, ...x.response!.headers], e.response_headers);
      assert.equal(x.request?.body.wireSize, e.request_body_wire_length);
      assert.equal(x.response?.body.wireSize, e.response_body_wire_length);
      assert.equal(x.response?.body.wireSha256 ?? sha(), e.response_body_wire_sha256 ?? e.response_body_sha256);
      assert.deepEqual(x.response?.body.codings, e.response_content_encoding ? [e.response_content_encoding] : []);
    }
  });

  test(`${scenario}: first call of each connection missing: right or placeholder, flagged`, () => {
    const { exchanges, expected } = run(scenario, 1);
    for (const x of exchanges) {
      const e = expected.find((c) => c.conn_id === x.connection.id && c.stream_id === x.streamId);
      assert.ok(e, `${x.connection.id} stream ${x.streamId} is real`);
      const real = new Set([...e.request_headers, ...e.response_headers].map(([n, v]) => `${n}: ${v}`));
      for (const [n, v] of [...(x.request?.pseudoHeaders ?? []), ...(x.request?.headers ?? []), ...(x.response?.pseudoHeaders ?? []), ...(x.response?.headers ?? [])]) {
        if (n !== UNKNOWN_FIELD_NAME) assert.ok(real.has(`${n}: ${v}`), `${n}: ${v}`);
      }
      if (x.request === undefined) assert.ok(x.issues.some((i) => i.code === 'request-missing'));
      if (x.response?.body.status === 'complete') assert.equal(x.response.body.wireSha256 ?? sha(), e.response_body_wire_sha256 ?? e.response_body_sha256);
    }
  });
}
