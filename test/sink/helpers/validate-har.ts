// Checks a HAR document the way real readers do: har-validator (ahmadnassri's schema),
// @har-sdk/validator (NeuraLegion's stricter schema) and the rules Chrome DevTools' HAR import
// enforces (required numbers finite, integers where HAR says so, parseable dates, timings).

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface HarValidatorModule {
  har(data: unknown): Promise<unknown>;
}
interface HarSdkValidatorModule {
  HarValidator: new () => { verify(document: unknown): Promise<unknown[]> };
}

const harValidator = require('har-validator') as HarValidatorModule;
const { HarValidator } = require('@har-sdk/validator') as HarSdkValidatorModule;

type Json = Record<string, unknown>;

export async function assertValidHar(har: unknown): Promise<void> {
  try {
    await harValidator.har(har);
  } catch (error) {
    const details = (error as { errors?: unknown }).errors;
    assert.fail(`har-validator rejected the HAR: ${JSON.stringify(details ?? String(error))}`);
  }
  const entries = ((har as Json).log as Json).entries as unknown[];
  // @har-sdk's schema demands at least one entry; an empty log is still valid HAR 1.2.
  if (entries.length > 0) {
    const errors = await new HarValidator().verify(har);
    assert.deepEqual(errors, [], `@har-sdk/validator rejected the HAR: ${JSON.stringify(errors)}`);
  }
  assertChromeImportable(har);
}

function isInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}
function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
function isString(v: unknown): boolean {
  return typeof v === 'string';
}

function assertNameValues(list: unknown, where: string): void {
  assert.ok(Array.isArray(list), `${where} must be an array`);
  for (const item of list as Json[]) {
    assert.ok(isString(item.name) && isString(item.value), `${where} items need string name/value`);
  }
}

export function assertChromeImportable(har: unknown): void {
  const log = (har as Json).log as Json;
  assert.equal(log.version, '1.2');
  const creator = log.creator as Json;
  assert.ok(isString(creator.name) && isString(creator.version));
  assert.ok(Array.isArray(log.entries));
  for (const [index, e] of (log.entries as Json[]).entries()) {
    const where = `entries[${index}]`;
    assert.ok(isString(e.startedDateTime) && Number.isFinite(Date.parse(e.startedDateTime as string)), `${where}.startedDateTime`);
    assert.match(e.startedDateTime as string, /(Z|[+-]\d\d:\d\d)$/, `${where}.startedDateTime has a zone`);
    assert.ok(isFiniteNumber(e.time) && (e.time as number) >= 0, `${where}.time`);
    const t = e.timings as Json;
    for (const k of ['send', 'wait', 'receive']) assert.ok(isFiniteNumber(t[k]) && (t[k] as number) >= 0, `${where}.timings.${k}`);
    for (const k of ['blocked', 'dns', 'connect', 'ssl']) assert.ok(isFiniteNumber(t[k]) && (t[k] as number) >= -1, `${where}.timings.${k}`);
    const sum = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']
      .map((k) => t[k] as number)
      .filter((v) => v > 0)
      .reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (e.time as number)) < 1e-6, `${where}.time ${String(e.time)} != sum of timings ${sum}`);

    const req = e.request as Json;
    assert.ok(isString(req.method) && (req.method as string) !== '', `${where}.request.method`);
    assert.ok(isString(req.url) && (req.url as string) !== '', `${where}.request.url`);
    assert.ok(['HTTP/1.0', 'HTTP/1.1', 'HTTP/2'].includes(req.httpVersion as string), `${where}.request.httpVersion`);
    assertNameValues(req.headers, `${where}.request.headers`);
    assertNameValues(req.queryString, `${where}.request.queryString`);
    assertNameValues(req.cookies, `${where}.request.cookies`);
    for (const h of req.headers as Json[]) assert.ok(!(h.name as string).startsWith(':'), `${where}: pseudo-header in headers[]`);
    assert.ok(isInt(req.headersSize) && isInt(req.bodySize), `${where}.request sizes are integers`);
    if (req.postData !== undefined) {
      const pd = req.postData as Json;
      assert.ok(isString(pd.mimeType) && isString(pd.text), `${where}.request.postData`);
    }

    const res = e.response as Json;
    assert.ok(isInt(res.status), `${where}.response.status`);
    assert.ok(isString(res.statusText) && isString(res.redirectURL), `${where}.response strings`);
    assert.ok(['HTTP/1.0', 'HTTP/1.1', 'HTTP/2', ''].includes(res.httpVersion as string), `${where}.response.httpVersion`);
    assertNameValues(res.headers, `${where}.response.headers`);
    assertNameValues(res.cookies, `${where}.response.cookies`);
    for (const h of res.headers as Json[]) assert.ok(!(h.name as string).startsWith(':'), `${where}: pseudo-header in headers[]`);
    assert.ok(isInt(res.headersSize) && isInt(res.bodySize), `${where}.response sizes are integers`);
    const content = res.content as Json;
    assert.ok(isInt(content.size) && (content.size as number) >= 0, `${where}.response.content.size`);
    assert.ok(isString(content.mimeType), `${where}.response.content.mimeType`);
    if (content.compression !== undefined) assert.ok(isInt(content.compression), `${where}.content.compression`);
    if (content.encoding !== undefined) {
      assert.equal(content.encoding, 'base64');
      assert.match(content.text as string, /^[A-Za-z0-9+/]*={0,2}$/, `${where}.content.text is base64`);
    }
  }
}

/** The document survives a UTF-8 round trip byte for byte (no lone surrogates, nothing lossy). */
export function assertUtf8Clean(text: string): void {
  const bytes = new TextEncoder().encode(text);
  assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(bytes), text);
}
