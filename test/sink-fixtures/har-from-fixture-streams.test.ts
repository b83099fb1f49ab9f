// Every fixture stream (all scenarios × five files, upstream-testdata, the demo) read through the
// public `read()` API into the real HarWriter: the document validates with har-validator,
// @har-sdk/validator and Chrome's import rules, and every exchange expected.json says is visible
// carries its exact bodies (sha256), sizes, head sizes (framed from chunks.jsonl) and versions.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { read } from '../../src/api/connect.js';
import type { Exchange } from '../../src/model/exchange.js';
import { HarWriter } from '../../src/sink/har/index.js';
import { TextSink } from '../sink/helpers/collect-output.js';
import { assertValidHar } from '../sink/helpers/validate-har.js';
import { FIXTURES, isV1File, visibleIn, type ExpectedExchange, type Scenario, type StreamFile } from '../support/expected.js';
import { parseChunksJsonl } from '../support/tap/index.js';
import {
  EMPTY_SHA256,
  connectionOf,
  findHarEntry,
  fixtureStreams,
  full,
  harRequestBody,
  harResponseBody,
  http1HeadSizes,
  sha256Hex,
  type Http1Heads,
} from './fixture-oracle.js';

type Json = Record<string, unknown>;

async function harOf(path: string): Promise<{ exchanges: Exchange[]; har: Json }> {
  const exchanges: Exchange[] = [];
  const sink = new TextSink();
  const writer = new HarWriter(sink);
  for await (const x of read(path)) {
    exchanges.push(x);
    await writer.write(x);
  }
  await writer.close();
  return { exchanges, har: JSON.parse(sink.text) as Json };
}

/** HAR needs a method and a URL: a response whose request was never captured cannot be an entry. */
function lacksRequestLine(x: Exchange): boolean {
  return x.request === undefined || x.request.method === '' || x.request.url === '';
}

function checkEntry(scenario: Scenario, file: StreamFile, e: ExpectedExchange, entry: Json, heads: Map<string, Http1Heads>): void {
  const where = `${e.method} ${e.path} (${e.conn_id}#${e.index})`;
  const request = entry.request as Json;
  const response = entry.response as Json;
  const content = response.content as Json;
  const v1 = isV1File(file);

  assert.equal(request.httpVersion, e.protocol, `${where}: request.httpVersion`);
  assert.equal(response.httpVersion, e.protocol, `${where}: response.httpVersion`);
  assert.equal(response.status, e.status, `${where}: status`);
  assert.equal(entry._error, undefined, `${where}: _error on an answered request`);
  assert.ok(Array.isArray(entry._issues), `${where}: _issues`);
  const conn = connectionOf(scenario, e);
  const info = entry._ecapture as Json;
  assert.equal(info.pid, conn.pid, `${where}: _ecapture.pid`);
  assert.equal(info.comm, conn.comm, `${where}: _ecapture.comm`);
  assert.equal(info.fd, conn.fd, `${where}: _ecapture.fd`);
  assert.equal(info.dialect, v1 ? 'v1' : file === 'stream-v2.ldpb' ? 'v2' : 'raw', `${where}: _ecapture.dialect`);

  // Bodies round-trip to the ground truth, byte for byte.
  assert.equal(sha256Hex(harRequestBody(request)), e.request_body_sha256, `${where}: request body sha256`);
  assert.equal(sha256Hex(harResponseBody(response)), e.response_body_sha256, `${where}: response body sha256`);
  if (e.request_body_length === 0) assert.equal(e.request_body_sha256, EMPTY_SHA256);

  // content.size is the decoded size; bodySize the wire size; compression only when we decoded.
  assert.equal(content.size, e.response_body_length, `${where}: content.size`);
  const coded = full(e).response_content_encoding !== undefined;
  if (v1) {
    // eCapture v1 printed the body already decoded: its wire size is unknown when it was coded.
    assert.equal(response.bodySize, coded ? -1 : e.response_body_wire_length, `${where}: response.bodySize (v1)`);
    assert.equal(content.compression, undefined, `${where}: no compression: eCapture decoded it`);
  } else {
    assert.equal(response.bodySize, e.response_body_wire_length, `${where}: response.bodySize`);
    assert.equal(request.bodySize, full(e).request_body_wire_length, `${where}: request.bodySize`);
    assert.equal(content.compression, coded ? e.response_body_length - e.response_body_wire_length : undefined, `${where}: content.compression`);
  }

  // Pseudo-headers never in headers[]; HTTP/2 keeps them in _pseudoHeaders.
  const headerNames = [...(request.headers as Json[]), ...(response.headers as Json[])].map((h) => h.name as string);
  assert.ok(!headerNames.some((n) => n.startsWith(':')), `${where}: pseudo-header in headers[]`);
  if (e.protocol === 'HTTP/2') {
    const pseudo = (request._pseudoHeaders as Json[]).map((h) => [h.name, h.value]);
    const expectedPseudo = e.request_headers.filter(([n]) => n.startsWith(':'));
    if (v1) assert.deepEqual([...pseudo].sort(), [...expectedPseudo].sort(), `${where}: request _pseudoHeaders`);
    else assert.deepEqual(pseudo, expectedPseudo, `${where}: request _pseudoHeaders in wire order`);
    assert.deepEqual((response._pseudoHeaders as Json[]).map((h) => [h.name, h.value]), [[':status', String(e.status)]], `${where}: response _pseudoHeaders`);
    assert.equal(info.streamId, e.stream_id, `${where}: stream id`);
  } else {
    assert.equal(request._pseudoHeaders, undefined, `${where}: HTTP/1 has no pseudo-headers`);
  }

  // headersSize: exact for HTTP/1 heads as sent (raw, v2), -1 for v1 re-renderings and HPACK.
  if (e.protocol === 'HTTP/1.1' && !v1) {
    const sizes = heads.get(e.conn_id)!;
    assert.equal(request.headersSize, sizes.request[e.index], `${where}: request.headersSize`);
    assert.equal(response.headersSize, sizes.response[e.index], `${where}: response.headersSize`);
  } else {
    assert.equal(request.headersSize, -1, `${where}: request.headersSize`);
    assert.equal(response.headersSize, -1, `${where}: response.headersSize`);
  }
}

for (const stream of fixtureStreams()) {
  test(`${stream.label}: HAR validates and carries the captured exchanges exactly`, async () => {
    const { exchanges, har } = await harOf(stream.path);
    await assertValidHar(har);
    const log = har.log as Json;
    const entries = log.entries as Json[];
    assert.ok(exchanges.length > 0, 'the stream yields exchanges');

    // Response-only exchanges (request never captured) are left out and counted.
    const skipped = exchanges.filter(lacksRequestLine).length;
    assert.equal(entries.length, exchanges.length - skipped, 'one entry per exchange with a request line');
    if (skipped > 0) {
      assert.equal(log._skippedExchanges, skipped, 'log._skippedExchanges');
      assert.match(log.comment as string, new RegExp(`\\b${skipped} exchanges? left out`), 'log.comment counts them');
    } else {
      assert.equal(log._skippedExchanges, undefined);
    }

    for (const [i, entry] of entries.entries()) {
      const response = entry.response as Json;
      assert.ok(['HTTP/1.1', 'HTTP/2', 'HTTP/1.0'].includes((entry.request as Json).httpVersion as string), `entries[${i}].request.httpVersion`);
      assert.ok(Array.isArray(entry._issues), `entries[${i}]._issues`);
      assert.equal(typeof entry._ecapture, 'object', `entries[${i}]._ecapture`);
      // A request without a response: status 0 and Chrome's _error naming why.
      if (response.status === 0) assert.equal(typeof entry._error, 'string', `entries[${i}]: status 0 needs _error`);
      else assert.equal(entry._error, undefined, `entries[${i}]: _error only without a response`);
    }

    if (stream.label.startsWith('upstream-testdata/')) {
      // Processes that only ever wrote (curl's HTTP/2 requests to httpbin.org in eCapture's own
      // testdata) got no response in the capture: entries with status 0 and `_error`, not dropped.
      const chunks = parseChunksJsonl(readFileSync(join(FIXTURES, 'upstream-testdata', 'chunks.jsonl'), 'utf8'));
      const readers = new Set(chunks.flatMap((c) => (c.kind === 'data' && c.dataType === 0 ? [c.pid] : [])));
      const writeOnly = new Set(chunks.flatMap((c) => (c.kind === 'data' && c.dataType === 1 && !readers.has(c.pid) ? [c.pid] : [])));
      assert.ok(writeOnly.size > 0);
      for (const pid of writeOnly) {
        const unanswered = entries.filter((e) => (e._ecapture as Json).pid === pid);
        assert.ok(unanswered.length > 0, `pid ${pid}: its request is an entry`);
        for (const entry of unanswered) {
          assert.equal((entry.response as Json).status, 0, `pid ${pid}: status 0`);
          assert.equal(typeof entry._error, 'string', `pid ${pid}: _error`);
          assert.ok((entry._issues as Json[]).some((i) => i.code === entry._error), `pid ${pid}: _error is one of its issues`);
        }
      }
    }

    const { scenario, file } = stream;
    if (!scenario || !file) return;
    const heads = http1HeadSizes(scenario);
    const used = new Set<Json>();
    for (const e of scenario.exchanges) {
      const entry = findHarEntry(entries, used, scenario, e);
      if (!visibleIn(e, file)) {
        if (entry) used.add(entry);
        continue;
      }
      assert.ok(entry, `${e.method} ${e.path} (${e.conn_id}#${e.index}) has no HAR entry`);
      used.add(entry);
      checkEntry(scenario, file, e, entry, heads);
    }
    for (const entry of entries) {
      if (used.has(entry)) continue;
      const request = entry.request as Json;
      assert.ok(isV1File(file), `extra entry ${request.method as string} ${request.url as string} in a ${file}`);
      assert.ok((entry._issues as unknown[]).length > 0, `extra entry ${request.url as string} must be flagged`);
    }
  });
}
