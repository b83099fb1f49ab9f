// The real eCapture v1.5.2 renderings of fixtures/ecapture (tracked and untracked) against the
// ground truth in expected.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeBody } from '../../src/body/decode-body.js';
import type { Body, Exchange, HeaderList } from '../../src/model/exchange.js';
import { hasIssue } from '../../src/model/exchange.js';
import { FIXTURES, assemble } from './load-v1-fixture.js';

interface ExpectedConnection {
  conn_id: string;
  pid: number;
  fd: number;
  tuple: string;
}

interface ExpectedExchange {
  conn_id: string;
  index: number;
  protocol: string;
  stream_id?: number;
  method: string;
  authority: string;
  path: string;
  status: number;
  request_headers: Array<[string, string]>;
  response_headers: Array<[string, string]>;
  request_body_length: number;
  request_body_sha256: string;
  response_body_length: number;
  response_body_sha256: string;
  response_body_wire_sha256: string;
  visible_in: Record<string, { request: boolean; response: boolean }>;
}

interface Expected {
  connections: ExpectedConnection[];
  exchanges: ExpectedExchange[];
}

const SCENARIOS = [
  'h1-get-json',
  'h1-keepalive-timing',
  'h1-gzip-compressed',
  'h1-status-204-head-304',
  'h1-chunked',
  'h2-curl-prior-knowledge',
  'h2-spread-flush',
  'h2-post',
];
const FILES = ['stream.ldpb', 'stream-untracked.ldpb'] as const;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Lines Go's DumpRequest/DumpResponse may add (§7.2/§7.3) that the wire did not carry. */
const GO_ADDED = new Set(['connection: close', 'content-length: 0']);

function load(scenario: string): Expected {
  return JSON.parse(readFileSync(new URL(`${scenario}/expected.json`, FIXTURES), 'utf8')) as Expected;
}

function connectionKey(c: ExpectedConnection, file: (typeof FILES)[number]): string {
  return `${c.pid}:${c.fd}:${file === 'stream.ldpb' ? c.tuple : '?'}`;
}

function lines(headers: HeaderList): string[] {
  return headers.map(([n, v]) => `${n.toLowerCase()}: ${v}`);
}

/** Case-insensitive multiset comparison that tolerates only the lines Go adds. */
function assertSameHeaders(ours: HeaderList, wire: HeaderList, what: string): void {
  const rest = lines(wire);
  const extra: string[] = [];
  for (const line of lines(ours)) {
    const i = rest.indexOf(line);
    if (i >= 0) rest.splice(i, 1);
    else extra.push(line);
  }
  assert.deepEqual(rest, [], `${what}: wire header lines missing`);
  assert.deepEqual(extra.filter((l) => !GO_ADDED.has(l)), [], `${what}: header lines not on the wire`);
}

async function assertDecodedBody(body: Body, length: number, sha256: string, what: string): Promise<void> {
  const { body: decoded } = await decodeBody(body);
  assert.equal(decoded.decodedSize ?? 0, length, `${what}: decoded length`);
  assert.equal(decoded.decodedSha256 ?? EMPTY_SHA256, sha256, `${what}: decoded sha256`);
}

function find(ours: Exchange[], key: string, e: ExpectedExchange): Exchange | undefined {
  return ours.find(
    (x) =>
      x.connection.id === key &&
      (e.protocol === 'HTTP/2' ? x.streamId === e.stream_id : x.request?.method === e.method && x.request.target === e.path),
  );
}

for (const scenario of SCENARIOS) {
  for (const file of FILES) {
    test(`${scenario} ${file}: visible exchanges match expected.json; nothing else is invented`, async () => {
      const expected = load(scenario);
      const ours = assemble(scenario, file);
      const matched = new Set<Exchange>();
      for (const e of expected.exchanges) {
        const conn = expected.connections.find((c) => c.conn_id === e.conn_id)!;
        const key = connectionKey(conn, file);
        const what = `${e.conn_id}#${e.index} ${e.method} ${e.path}`;
        const visible = e.visible_in[file]!;
        const x = find(ours, key, e);
        if (!(visible.request && visible.response)) {
          // Not recoverable from this stream: absent, or present only with its loss flagged.
          if (x) {
            matched.add(x);
            assert.ok(
              hasIssue(x, 'headers-lost') || hasIssue(x, 'request-missing') || hasIssue(x, 'response-missing'),
              `${what}: present although invisible, without a loss flag`,
            );
          }
          continue;
        }
        assert.ok(x, `${what}: missing`);
        matched.add(x);
        assert.equal(x.request!.method, e.method, what);
        assert.equal(x.request!.target, e.path, what);
        assert.equal(x.request!.authority, e.authority, what);
        assert.equal(x.response!.status, e.status, what);
        assert.equal(x.dialect, 'v1');
        if (e.protocol === 'HTTP/2') {
          // h2 fields are printed as HPACK decoded them: same names, values and order as the wire.
          assert.deepEqual([...x.request!.pseudoHeaders!, ...x.request!.headers], e.request_headers, `${what}: request fields`);
          assert.deepEqual([...x.response!.pseudoHeaders!, ...x.response!.headers], e.response_headers, `${what}: response fields`);
        } else {
          assert.ok(hasIssue(x, 'order-based-pairing') && x.headersRerendered, `${what}: v1 HTTP/1 flags`);
          assertSameHeaders(x.request!.headers, e.request_headers, `${what} request`);
          assertSameHeaders(x.response!.headers, e.response_headers, `${what} response`);
        }
        await assertDecodedBody(x.request!.body, e.request_body_length, e.request_body_sha256, `${what} request body`);
        await assertDecodedBody(x.response!.body, e.response_body_length, e.response_body_sha256, `${what} response body`);
      }
      const phantoms = ours.filter((x) => !matched.has(x));
      assert.deepEqual(phantoms.map((x) => x.id), [], 'exchanges that match nothing in expected.json');
    });
  }
}

test('h2-spread-flush untracked: lost HPACK context ⇒ headers-lost, DATA recovered, nothing invented', () => {
  const expected = load('h2-spread-flush');
  const ours = assemble('h2-spread-flush', 'stream-untracked.ldpb');
  const lost = expected.exchanges.filter((e) => !e.visible_in['stream-untracked.ldpb']!.request);
  assert.deepEqual(lost.map((e) => e.stream_id), [5, 7, 9]);
  for (const e of lost) {
    const x = ours.find((o) => o.streamId === e.stream_id)!;
    assert.ok(x, `stream ${e.stream_id} is emitted`);
    for (const side of ['request', 'response'] as const) {
      assert.ok(x.issues.some((i) => i.code === 'headers-lost' && i.side === side), `stream ${e.stream_id} ${side} headers-lost`);
    }
    assert.equal(x.request!.method, '');
    assert.deepEqual(x.request!.headers, []);
    assert.equal(x.response!.status, 0);
    assert.deepEqual(x.response!.headers, []);
    // The DATA that was printed is the wire body, kept as is: no coding guessed from the bytes.
    assert.deepEqual(x.response!.body.codings, []);
    assert.equal(x.response!.body.wireSha256, e.response_body_wire_sha256, `stream ${e.stream_id} response DATA`);
    if (e.request_body_length > 0) assert.equal(x.request!.body.wireSha256, e.request_body_sha256, `stream ${e.stream_id} request DATA`);
    else assert.equal(x.request!.body.wireSize, 0);
  }
  // The first window's blocks decoded with a fresh table and are not flagged.
  const first = ours.find((o) => o.streamId === 1)!;
  assert.ok(!hasIssue(first, 'headers-lost') && !hasIssue(first, 'hpack-uncertain'));
});

test('upstream-testdata (eCapture own captures): one-direction h2 connections are flagged, never paired', () => {
  for (const file of FILES) {
    const ours = assemble('upstream-testdata', file);
    assert.equal(ours.length, 9, file);
    for (const x of ours) {
      if (!x.request) assert.ok(hasIssue(x, 'h2-request-side-lost') && hasIssue(x, 'request-missing'), x.id);
      if (!x.response) assert.ok(hasIssue(x, 'response-missing'), x.id);
      if (x.protocol !== 'HTTP/2') assert.ok(x.request && x.response, `${x.id}: HTTP/1 pair`);
    }
  }
});
