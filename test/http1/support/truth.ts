// Compares an exchange with what the real server received and the real client got.

import assert from 'node:assert/strict';
import type { Body, Exchange } from '../../../src/model/exchange.js';
import type { TruthExchange } from '../../support/tap/index.js';
import { sha256 } from './feed.js';

export function assertBodyIs(body: Body, expected: Uint8Array, where: string): void {
  assert.equal(body.wireSize, expected.length, `${where}: body size`);
  if (expected.length === 0) {
    assert.equal(body.status, 'absent', `${where}: empty body is absent`);
    return;
  }
  assert.equal(body.status, 'complete', `${where}: body status`);
  assert.equal(body.wireSha256, sha256(expected), `${where}: body sha256`);
}

/** Request as the server saw it, response as the client saw it; `clean`: no issue but scheme-inferred. */
export function assertMatchesTruth(x: Exchange, truth: TruthExchange, clean = true): void {
  const where = `${x.id} ${truth.request?.method ?? '?'} ${truth.request?.path ?? '?'}`;
  if (truth.request) {
    assert.ok(x.request, `${where}: request`);
    assert.equal(x.request.method, truth.request.method, `${where}: method`);
    assert.equal(x.request.target, truth.request.path, `${where}: target`);
    const host = truth.request.headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
    assert.equal(x.request.url, `https://${host}${truth.request.path}`, `${where}: url`);
    assert.equal(x.request.authority, host, `${where}: authority`);
    assert.deepEqual(x.request.headers, truth.request.headers, `${where}: request headers in wire order`);
    assertBodyIs(x.request.body, truth.request.body, `${where} request`);
    assert.equal(x.protocol, `HTTP/${truth.request.httpVersion}`, `${where}: protocol`);
  }
  if (truth.response) {
    assert.ok(x.response, `${where}: response`);
    assert.equal(x.response.status, truth.response.status, `${where}: status`);
    if (truth.response.statusMessage !== undefined) assert.equal(x.response.reason, truth.response.statusMessage, `${where}: reason`);
    assert.deepEqual(x.response.headers, truth.response.headers, `${where}: response headers in wire order`);
    assert.deepEqual(x.response.trailers ?? [], truth.response.trailers, `${where}: trailers`);
    assertBodyIs(x.response.body, truth.response.body, `${where} response`);
  }
  if (clean) {
    assert.deepEqual(
      x.issues.filter((i) => i.code !== 'scheme-inferred'),
      [],
      `${where}: unexpected issues ${JSON.stringify(x.issues)}`,
    );
  }
}
