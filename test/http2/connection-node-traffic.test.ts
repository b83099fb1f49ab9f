// Real HTTP/2 traffic (Node's http2 client and server on 127.0.0.1, h2c, through the tap relay)
// fed to Http2Connection as eCapture would hand it over: client-side capture (write = client →
// server), server-side capture (flipped), and a capture that begins mid-connection. Expected
// values come from what each end itself saw, never from the code under test.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Http2Connection, type Http2Options } from '../../src/http2/connection.js';
import { UNKNOWN_FIELD_NAME } from '../../src/http2/hpack/header-field.js';
import type { ConnectionInfo, Exchange, HeaderList } from '../../src/model/exchange.js';
import { HUGE_VALUE, recordNodeH2Traffic, type Pairs, type Recording, type StreamTruth } from './helpers/node-h2-scenario.js';

let recording: Recording;
before(async () => {
  recording = await recordNodeH2Traffic();
});

interface Assembled {
  exchanges: Exchange[];
  info: ConnectionInfo;
}

function assemble(connId: number, side: 'client' | 'server', skipChunks = 0, options: Partial<Http2Options> = {}): Assembled {
  const info: ConnectionInfo = { id: `c${connId}`, pid: 1, comm: 'node', hooked: 'unknown' };
  const exchanges: Exchange[] = [];
  const h2 = new Http2Connection(info, 'raw', options, (x) => exchanges.push(x));
  let seen = 0;
  for (const chunk of recording.chunks) {
    if (chunk.kind !== 'data' || chunk.conn !== connId) continue;
    if (seen++ < skipChunks) continue;
    const direction = chunk.from === side ? 'write' : 'read';
    h2.push(direction, chunk.data, { ms: Number(chunk.tsNs / 1_000_000n), anchored: false, approximate: false });
  }
  h2.end();
  return { exchanges, info };
}

const wire = (list?: HeaderList) => list ?? [];
const allHeaders = (pseudo?: HeaderList, headers?: HeaderList): Pairs => [...wire(pseudo), ...wire(headers)];
const sha = (b: Uint8Array | undefined) => createHash('sha256').update(b ?? new Uint8Array(0)).digest('hex');
const codes = (x: Exchange) => x.issues.map((i) => i.code);

function byStream(exchanges: Exchange[]): Map<number, Exchange> {
  return new Map(exchanges.map((x) => [x.streamId!, x]));
}

/** Every field is a placeholder or one the end really sent on that stream. */
function assertRightOrPlaceholder(decoded: Pairs, truth: Pairs | undefined, label: string): void {
  const real = new Set((truth ?? []).map(([n, v]) => `${n}\u0000${v}`));
  for (const [name, value] of decoded) {
    if (name === UNKNOWN_FIELD_NAME) continue;
    assert.ok(real.has(`${name}\u0000${value}`), `${label}: ${name}: ${value.slice(0, 60)} was never sent`);
  }
}

function checkComplete(side: 'client' | 'server'): void {
  const { exchanges, info } = assemble(0, side);
  const truth = recording.truth.get(0)!;
  assert.equal(info.hooked, side);
  assert.equal(exchanges.length, truth.size);
  const found = byStream(exchanges);
  for (const row of truth.values()) {
    const x = found.get(row.streamId);
    assert.ok(x, `stream ${row.streamId} (${row.path}) emitted`);
    assert.equal(x.id, `c0#s${row.streamId}`);
    assert.equal(x.protocol, 'HTTP/2');
    assert.equal(x.headersRerendered, false);
    const unexpected = codes(x).filter((c) => !['stream-reset', 'server-push', 'response-missing', 'body-truncated'].includes(c));
    assert.deepEqual(unexpected, [], `stream ${row.streamId} ${row.path}`);
    if (row.pushed) {
      assert.ok(codes(x).includes('server-push'));
      assert.deepEqual(x.request?.pseudoHeaders?.find(([n]) => n === ':path'), [':path', '/pushed.css']);
    } else {
      assert.deepEqual(allHeaders(x.request?.pseudoHeaders, x.request?.headers), row.requestHeaders, `request headers of ${row.path}`);
      assert.equal(x.request?.url, `http://127.0.0.1:${recording.connections[0]!.relay.port}${row.path}`);
    }
    if (row.rstCode === 8) {
      assert.ok(x.issues.some((i) => i.code === 'stream-reset' && i.detail?.startsWith('CANCEL (0x8)')), JSON.stringify(x.issues));
      continue;
    }
    assert.deepEqual(allHeaders(x.response?.pseudoHeaders, x.response?.headers), row.responseHeaders, `response headers of ${row.path}`);
    assert.equal(x.response?.body.status === 'absent' ? 0 : x.response?.body.wireSize, row.responseBody.length, row.path);
    assert.equal(x.response?.body.wireSha256 ?? sha(undefined), sha(row.responseBody), `response body of ${row.path}`);
    if (row.requestBody) assert.equal(x.request?.body.wireSha256, sha(row.requestBody), `request body of ${row.path}`);
    if (row.trailers) assert.deepEqual(new Set(x.response?.trailers?.map((p) => p.join(': '))), new Set(row.trailers.map((p) => p.join(': '))));
  }
}

test('client-side capture: every stream paired, headers in wire order, bodies byte-exact', () => {
  checkComplete('client');
});

test('server-side capture (directions flipped): the same exchanges, hooked = server', () => {
  checkComplete('server');
});

test('specifics: 1 MiB bodies both ways, gzip codings, trailers, CONTINUATION, push', () => {
  const found = [...assemble(0, 'client').exchanges];
  const at = (path: string) => found.find((x) => x.request?.target === path)!;
  assert.equal(at('/big').response?.body.wireSize, 1 << 20);
  assert.equal(at('/big').response?.body.wireSha256, sha(recording.bigBody));
  assert.equal(at('/upload').request?.body.wireSize, 1 << 20);
  assert.equal(at('/upload').response?.status, 201);
  const gzip = at('/gzip').response!;
  assert.deepEqual(gzip.body.codings, ['gzip']);
  assert.deepEqual(gzip.body.applied, []);
  assert.equal(gzip.body.wireSha256, sha(recording.gzipBody));
  assert.deepEqual(at('/trailers').response?.trailers, [
    ['grpc-status', '0'],
    ['grpc-message', 'fine'],
  ]);
  assert.equal(at('/huge').response?.headers.find(([n]) => n === 'x-huge')?.[1], HUGE_VALUE);
  assert.equal(at('/huge').request?.headers.find(([n]) => n === 'x-big-request')?.[1], HUGE_VALUE);
  assert.equal(at('/pushed.css').response?.status, 200);
  assert.equal(Buffer.from(at('/pushed.css').response!.body.wire!).toString(), 'body{color:red}');
  assert.equal(at('/pushed.css').streamId! % 2, 0);
});

test('SETTINGS_HEADER_TABLE_SIZE 65536: decoded in full by default; a 4096 cap gives placeholders, never wrong fields', () => {
  const truth = recording.truth.get(0)!;
  const capped = assemble(0, 'client', 0, { hpackTableCap: 4096 }).exchanges;
  let placeholders = 0;
  for (const x of capped) {
    const row = truth.get(x.streamId!)!;
    const decoded = allHeaders(x.response?.pseudoHeaders, x.response?.headers);
    assertRightOrPlaceholder(decoded, row.responseHeaders, `stream ${x.streamId}`);
    const unknown = decoded.filter(([n]) => n === UNKNOWN_FIELD_NAME).length;
    if (unknown > 0) assert.ok(codes(x).includes('hpack-context-lost'));
    placeholders += unknown;
  }
  assert.ok(placeholders > 0, 'the server really used more than 4096 bytes of table');
});

test('GOAWAY: streams above last-stream-id are emitted flagged goaway-unprocessed', () => {
  const { exchanges } = assemble(1, 'client');
  const rows = [...recording.truth.get(1)!.values()].sort((a, b) => a.streamId - b.streamId);
  const found = byStream(exchanges);
  const firstX = found.get(rows[0]!.streamId)!;
  assert.equal(firstX.response?.status, 200);
  assert.ok(!codes(firstX).includes('goaway-unprocessed'));
  for (const row of rows.slice(1)) {
    const x = found.get(row.streamId)!;
    assert.ok(codes(x).includes('goaway-unprocessed'), `stream ${row.streamId}: ${codes(x).join()}`);
    assert.equal(x.response, undefined);
  }
});

test('capture starting mid-connection: fields right or placeholders, bodies exact or flagged', () => {
  const truth = recording.truth.get(0)!;
  const total = recording.chunks.filter((c) => c.kind === 'data' && c.conn === 0).length;
  let placeholdersSeen = 0;
  let fullyKnownLate = 0;
  for (const skip of [1, 2, 3, 5, 8, 13, 21, Math.floor(total / 2), total - 3]) {
    for (const side of ['client', 'server'] as const) {
      const { exchanges } = assemble(0, side, skip);
      for (const x of exchanges) {
        const row: StreamTruth | undefined = truth.get(x.streamId!);
        assert.ok(row, `skip ${skip}: stream ${x.streamId} exists`);
        const label = `skip ${skip} ${side} stream ${x.streamId}`;
        let placeholders = 0;
        if (x.request) {
          const decoded = allHeaders(x.request.pseudoHeaders, x.request.headers);
          placeholders += decoded.filter(([n]) => n === UNKNOWN_FIELD_NAME).length;
          if (!row.pushed) assertRightOrPlaceholder(decoded, row.requestHeaders, `${label} request`);
          if (x.request.method !== '' && !row.pushed) assert.equal(x.request.method, row.requestHeaders?.find(([n]) => n === ':method')?.[1], label);
          if (x.request.url !== '') assert.equal(x.request.url.endsWith(row.path), true, label);
          if (x.request.body.status === 'complete' && row.requestBody) assert.equal(x.request.body.wireSha256, sha(row.requestBody), label);
          if (!row.pushed && decoded.length > 0 && placeholders === 0 && x.streamId! > 75) fullyKnownLate++;
        }
        if (x.response) {
          const decoded = allHeaders(x.response.pseudoHeaders, x.response.headers);
          placeholders += decoded.filter(([n]) => n === UNKNOWN_FIELD_NAME).length;
          assertRightOrPlaceholder(decoded, row.responseHeaders, `${label} response`);
          assertRightOrPlaceholder(x.response.trailers ?? [], row.trailers, `${label} trailers`);
          if (x.response.status !== 0) assert.equal(String(x.response.status), row.responseHeaders?.[0]?.[1], label);
          if (x.response.body.status === 'complete') assert.equal(x.response.body.wireSha256 ?? sha(undefined), sha(row.responseBody), label);
        }
        if (placeholders > 0) assert.ok(codes(x).includes('hpack-context-lost'), `${label}: ${codes(x).join()}`);
        placeholdersSeen += placeholders;
      }
    }
  }
  assert.ok(placeholdersSeen > 0, 'late attach produced placeholders somewhere');
  assert.ok(fullyKnownLate > 0, 'later requests were decoded in full once new literals arrived');
});
