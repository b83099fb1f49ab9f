// Every fixture scenario, every stream file, read through the public `read()` API: the exchanges
// equal expected.json (the ground truth from the real traffic), with nothing extra unflagged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { read } from '../../src/api/connect.js';
import type { Exchange } from '../../src/model/exchange.js';
import { STREAM_FILES, findMatch, headerMultiset, isV1File, scenarios, visibleIn, type ExpectedExchange, type StreamFile } from '../support/expected.js';

async function collect(path: string): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for await (const x of read(path)) out.push(x);
  return out;
}

function checkExchange(file: StreamFile, e: ExpectedExchange, x: Exchange): void {
  const where = `${e.method} ${e.path} (#${e.index})`;
  assert.ok(x.request, `${where}: request`);
  assert.ok(x.response, `${where}: response`);
  assert.equal(x.response.status, e.status, `${where}: status`);
  assert.equal(x.request.authority, e.authority, `${where}: authority`);
  assert.ok(x.request.url.endsWith(`${e.authority}${e.path}`), `${where}: url ${x.request.url}`);
  assert.equal(x.request.body.decodedSize ?? 0, e.request_body_length, `${where}: request body length`);
  if (e.request_body_length > 0) assert.equal(x.request.body.decodedSha256, e.request_body_sha256, `${where}: request body sha256`);
  assert.equal(x.response.body.decodedSize ?? 0, e.response_body_length, `${where}: response body length`);
  if (e.response_body_length > 0) assert.equal(x.response.body.decodedSha256, e.response_body_sha256, `${where}: response body sha256`);
  const requestHeaders = [...(x.request.pseudoHeaders ?? []), ...x.request.headers];
  const responseHeaders = [...(x.response.pseudoHeaders ?? []), ...x.response.headers];
  if (isV1File(file)) {
    assert.deepEqual(headerMultiset(requestHeaders), headerMultiset(e.request_headers), `${where}: request headers`);
    assert.deepEqual(headerMultiset(responseHeaders), headerMultiset(e.response_headers), `${where}: response headers`);
  } else {
    assert.deepEqual(requestHeaders, e.request_headers, `${where}: request headers in wire order`);
    assert.deepEqual(responseHeaders, e.response_headers, `${where}: response headers in wire order`);
    if (e.response_trailers) assert.deepEqual(x.response.trailers, e.response_trailers, `${where}: trailers`);
    assert.deepEqual(x.response.interim.map((i) => i.status), e.interim_statuses ?? [], `${where}: interim statuses`);
  }
}

for (const scenario of scenarios()) {
  for (const file of STREAM_FILES) {
    test(`${scenario.name}/${file}: exchanges equal expected.json`, async () => {
      const found = await collect(join(scenario.dir, file));
      const used = new Set<Exchange>();
      for (const e of scenario.exchanges) {
        const x = findMatch(found, used, scenario, e);
        if (!visibleIn(e, file)) {
          if (x) used.add(x);
          continue; // eCapture's output does not show it: absent, or present and flagged below
        }
        assert.ok(x, `${e.method} ${e.path} (#${e.index}) missing; got ${found.map((f) => `${f.request?.method} ${f.request?.target}`).join(', ')}`);
        used.add(x);
        checkExchange(file, e, x);
      }
      for (const x of found) {
        if (used.has(x)) continue;
        if (!isV1File(file)) assert.fail(`extra exchange ${x.id} ${x.request?.method} ${x.request?.url} ${x.response?.status}`);
        assert.ok(x.issues.length > 0, `extra exchange ${x.id} must be flagged`);
      }
    });
  }
}
