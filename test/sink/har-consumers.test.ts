// Real consumers of the HAR: httpsnippet (curl commands) and har-to-openapi (API inference).

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Exchange } from '../../src/model/exchange.js';
import { exchangeToHarEntry, type HarEntry } from '../../src/sink/har/index.js';
import { exchange, plainBody, request, response } from './helpers/build-exchange.js';
import { writeHar } from './helpers/write-har-text.js';

const require = createRequire(import.meta.url);
interface HttpSnippetModule {
  HTTPSnippet: new (request: unknown) => { convert(target: string, client?: string): string | string[] | false };
}
interface HarToOpenApiModule {
  generateSpec(har: unknown, config?: Record<string, unknown>): Promise<{ spec: { paths: Record<string, Record<string, unknown>> }; domain?: string }>;
}
const { HTTPSnippet } = require('httpsnippet') as HttpSnippetModule;
const { generateSpec } = require('har-to-openapi') as HarToOpenApiModule;

function variety(): Exchange[] {
  return [
    exchange(),
    exchange({
      request: request({
        method: 'POST',
        url: 'https://api.example.com/v1/items',
        headers: [['Content-Type', 'application/json']],
        body: plainBody('{"name":"two"}'),
      }),
      response: response({ status: 201, reason: 'Created', body: plainBody('{"id":2,"name":"two"}') }),
    }),
    exchange({
      request: request({ method: 'POST', url: 'https://shop.example.com/login', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: plainBody('user=a&pw=b') }),
    }),
    exchange({
      protocol: 'HTTP/2',
      streamId: 1,
      request: request({
        method: 'DELETE',
        url: 'https://api.example.com/v1/items/2',
        pseudoHeaders: [[':method', 'DELETE'], [':scheme', 'https'], [':authority', 'api.example.com'], [':path', '/v1/items/2']],
        headers: [['accept', 'application/json']],
      }),
      response: response({ status: 204, reason: '', pseudoHeaders: [[':status', '204']], headers: [], body: { status: 'absent', wireSize: 0, codings: [], applied: [] } }),
    }),
    exchange({
      request: request({ method: 'PUT', headers: [['Content-Type', 'application/octet-stream']], body: plainBody(new Uint8Array([0xff, 0x00, 0x80])) }),
    }),
  ];
}

test('httpsnippet turns every entry request into a curl command without pseudo-headers', () => {
  for (const x of variety()) {
    const entry = exchangeToHarEntry(x) as HarEntry;
    // httpsnippet mutates postData in place: give it its own copy.
    const curl = new HTTPSnippet(structuredClone(entry.request)).convert('shell', 'curl');
    assert.equal(typeof curl, 'string', `no curl for ${entry.request.method} ${entry.request.url}`);
    const command = curl as string;
    assert.match(command, new RegExp(`^curl --request ${entry.request.method}`));
    assert.ok(command.includes(entry.request.url.split('?')[0]!), command);
    assert.ok(!/--header ':/.test(command) && !command.includes(':authority') && !command.includes(':path'), command);
  }
  const form = new HTTPSnippet(structuredClone((exchangeToHarEntry(variety()[2]!) as HarEntry).request)).convert('shell', 'curl') as string;
  assert.match(form, /--data user=a/);
});

test('har-to-openapi infers paths and a JSON schema from a HAR of JSON exchanges', async () => {
  const { har } = await writeHar(variety().slice(0, 2));
  const { spec, domain } = await generateSpec(har);
  assert.equal(domain, 'api.example.com');
  const items = spec.paths['/v1/items'] as Record<string, { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }>; parameters?: Array<{ name: string }> }>;
  assert.ok(items, `paths: ${Object.keys(spec.paths).join(', ')}`);
  const getSchema = items.get!.responses['200']!.content['application/json']!.schema;
  assert.deepEqual(Object.keys(getSchema.properties).sort(), ['items', 'total']);
  assert.deepEqual((items.get!.parameters ?? []).map((p) => p.name).sort(), ['limit', 'q']);
  const postSchema = items.post!.responses['201']!.content['application/json']!.schema;
  assert.deepEqual(Object.keys(postSchema.properties).sort(), ['id', 'name']);
});
