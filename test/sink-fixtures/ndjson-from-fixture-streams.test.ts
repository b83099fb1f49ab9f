// Every fixture stream read through `read()` into the real NdjsonWriter: one parseable line per
// exchange, OpenTelemetry HTTP names with the ground truth's values, the transfer (still-encoded)
// body size, and bodies whose sha256 equals expected.json for every visible exchange.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { read } from '../../src/api/connect.js';
import { NdjsonWriter } from '../../src/sink/ndjson.js';
import { TextSink } from '../sink/helpers/collect-output.js';
import { headerMultiset, isV1File, visibleIn, type ExpectedExchange, type Scenario, type StreamFile } from '../support/expected.js';
import { connectionOf, findNdjsonLine, fixtureStreams, full, ndjsonBody, serverOf, sha256Hex } from './fixture-oracle.js';

type Json = Record<string, unknown>;

async function ndjsonOf(path: string): Promise<{ count: number; text: string }> {
  const sink = new TextSink();
  const writer = new NdjsonWriter(sink);
  let count = 0;
  for await (const x of read(path)) {
    count++;
    await writer.write(x);
  }
  await writer.close();
  return { count, text: sink.text };
}

/** `http.request.header.<name>` keys back into [name, value] pairs (names lower-cased). */
function headersOf(line: Json, prefix: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(line)) {
    if (!key.startsWith(prefix)) continue;
    assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'), `${key} must be a string array`);
    const name = key.slice(prefix.length);
    assert.equal(name, name.toLowerCase(), `${key}: header names are lower-cased`);
    for (const v of value as string[]) out.push([name, v]);
  }
  return out;
}

/** Expected regular headers as NDJSON groups them: per lower-cased name, values in wire order. */
function grouped(headers: Array<[string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) {
    if (name.startsWith(':')) continue;
    const key = name.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

function checkLine(scenario: Scenario, file: StreamFile, e: ExpectedExchange, line: Json): void {
  const where = `${e.method} ${e.path} (${e.conn_id}#${e.index})`;
  const v1 = isV1File(file);
  const conn = connectionOf(scenario, e);

  assert.equal(line['http.request.method'], e.method, `${where}: http.request.method`);
  assert.equal(typeof line['url.full'], 'string', `${where}: url.full`);
  assert.ok((line['url.full'] as string).endsWith(`${e.authority}${e.path}`), `${where}: url.full ${String(line['url.full'])}`);
  assert.equal(line['http.response.status_code'], e.status, `${where}: http.response.status_code`);
  assert.equal(line['network.protocol.version'], e.protocol === 'HTTP/2' ? '2' : '1.1', `${where}: network.protocol.version`);
  const server = serverOf(e);
  assert.equal(line['server.address'], server.address, `${where}: server.address`);
  assert.equal(line['server.port'], server.port, `${where}: server.port`);
  assert.equal(line['process.pid'], conn.pid, `${where}: process.pid`);
  assert.equal(line['process.executable.name'], conn.comm, `${where}: process.executable.name`);
  assert.equal(line['error.type'], undefined, `${where}: error.type on an answered request`);

  const requestHeaders = headersOf(line, 'http.request.header.');
  const responseHeaders = headersOf(line, 'http.response.header.');
  if (v1) {
    // Go re-rendered the heads: compare as multisets, without the lines Go adds or moves.
    assert.deepEqual(headerMultiset(requestHeaders), headerMultiset(e.request_headers.filter(([n]) => !n.startsWith(':'))), `${where}: request headers`);
    assert.deepEqual(headerMultiset(responseHeaders), headerMultiset(e.response_headers.filter(([n]) => !n.startsWith(':'))), `${where}: response headers`);
  } else {
    assert.deepEqual(grouped(requestHeaders), grouped(e.request_headers), `${where}: http.request.header.*`);
    assert.deepEqual(grouped(responseHeaders), grouped(e.response_headers), `${where}: http.response.header.*`);
  }

  // Sizes: OpenTelemetry's body.size is the transfer size, before content decoding.
  const coded = full(e).response_content_encoding !== undefined;
  if (v1) {
    assert.equal(line['http.response.body.size'], coded ? undefined : e.response_body_wire_length, `${where}: http.response.body.size (v1)`);
  } else {
    assert.equal(line['http.response.body.size'], e.response_body_wire_length, `${where}: http.response.body.size`);
    assert.equal(line['http.request.body.size'], full(e).request_body_wire_length, `${where}: http.request.body.size`);
  }
  if (e.response_body_length > 0) assert.equal(line['ecapture.response.body.decoded_size'], e.response_body_length, `${where}: decoded_size`);

  assert.equal(sha256Hex(ndjsonBody(line, 'request')), e.request_body_sha256, `${where}: request body sha256`);
  assert.equal(sha256Hex(ndjsonBody(line, 'response')), e.response_body_sha256, `${where}: response body sha256`);
}

for (const stream of fixtureStreams()) {
  test(`${stream.label}: NDJSON lines carry OpenTelemetry names and the exact bodies`, async () => {
    const { count, text } = await ndjsonOf(stream.path);
    assert.ok(text.endsWith('\n'), 'every line is newline-terminated');
    const rows = text.slice(0, -1).split('\n');
    assert.equal(rows.length, count, 'one line per exchange');
    const lines = rows.map((row, i) => {
      const parsed: unknown = JSON.parse(row);
      assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), `line ${i} is an object`);
      return parsed as Json;
    });
    for (const [i, line] of lines.entries()) {
      for (const [key, value] of Object.entries(line)) {
        // Flat: strings, numbers, booleans or arrays of them; never null or a nested object.
        const scalar = (v: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof v);
        assert.ok(scalar(value) || (Array.isArray(value) && value.every(scalar)), `line ${i}: ${key} is not flat`);
      }
      assert.ok(['1.0', '1.1', '2'].includes(line['network.protocol.version'] as string), `line ${i}: network.protocol.version`);
      assert.equal(typeof line['process.pid'], 'number', `line ${i}: process.pid`);
      assert.equal(typeof line['process.executable.name'], 'string', `line ${i}: process.executable.name`);
      assert.ok(Array.isArray(line['ecapture.issues']), `line ${i}: ecapture.issues`);
      if (line['http.response.status_code'] === undefined) assert.equal(typeof line['error.type'], 'string', `line ${i}: error.type without a response`);
      if (line['url.full'] !== undefined) assert.equal(typeof line['http.request.method'], 'string', `line ${i}: method with url`);
    }

    const { scenario, file } = stream;
    if (!scenario || !file) return;
    const used = new Set<Json>();
    for (const e of scenario.exchanges) {
      const line = findNdjsonLine(lines, used, scenario, e);
      if (!visibleIn(e, file)) {
        if (line) used.add(line);
        continue;
      }
      assert.ok(line, `${e.method} ${e.path} (${e.conn_id}#${e.index}) has no NDJSON line`);
      used.add(line);
      checkLine(scenario, file, e, line);
    }
    for (const line of lines) {
      if (used.has(line)) continue;
      assert.ok(isV1File(file), `extra line ${String(line['url.full'])} in a ${file}`);
      assert.ok((line['ecapture.issues'] as unknown[]).length > 0, `extra line ${String(line['ecapture.exchange.id'])} must be flagged`);
    }
  });
}
