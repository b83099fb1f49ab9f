// `--redact` through the real CLI on a recording of real loopback traffic (Node http server and
// client, captured by the tap as eCapture v2 events) that carries Cookie, Authorization,
// Proxy-Authorization, an API key, credentials in Referer/Content-Location and Set-Cookie: `har` and
// `read --format ndjson` remove exactly those, and nothing else changes.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { read } from '../../src/api/connect.js';
import { HarWriter } from '../../src/sink/har/index.js';
import { NdjsonWriter } from '../../src/sink/ndjson.js';
import { TextSink } from '../sink/helpers/collect-output.js';
import { assertValidHar } from '../sink/helpers/validate-har.js';
import { runTap } from '../support/tap/index.js';
import { STACK_TRACE, killAll, runClis } from './run-cli.js';

type Json = Record<string, unknown>;

const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-redact-'));
const recording = join(dir, 'secrets.ldpb');
const SECRETS = ['sid=old', 't0ken', 'cHJveHk6cHc=', 'alice:pw@', 'key-123', 'sid=s3cr3t', 'theme=dark', 'bob:hunter2@'];
/** Removed as whole header lines (the default set plus --redact-header X-Api-Key). */
const REMOVED = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-api-key']);
/** Kept, with `user:password@` taken out of the URL. */
const URL_VALUED = new Set(['referer', 'content-location']);

before(async () => {
  await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      if (req.url?.startsWith('/login')) res.setHeader('Set-Cookie', ['sid=s3cr3t; HttpOnly; Path=/', 'theme=dark']);
      res.setHeader('Content-Location', 'https://bob:hunter2@example.test/me');
      res.writeHead(200, { 'content-type': 'application/json', 'x-visible': 'server-kept' });
      res.end(JSON.stringify({ path: req.url, got: body.length }));
    },
    client: async (client) => {
      await client.request({
        method: 'POST',
        path: '/login?next=%2Fhome',
        headers: [
          ['Cookie', 'sid=old; theme=light'],
          ['Authorization', 'Bearer t0ken'],
          ['Proxy-Authorization', 'Basic cHJveHk6cHc='],
          ['Referer', 'https://alice:pw@example.test/from'],
          ['X-Api-Key', 'key-123'],
          ['X-Visible', 'client-kept'],
          ['Content-Type', 'application/json'],
        ],
        body: '{"user":"alice"}',
      });
      await client.request({ path: '/profile', headers: [['Cookie', 'sid=s3cr3t']] });
    },
  }).then((cap) => cap.writeRecording(recording, { dialect: 'v2', side: 'client' }));
});

after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

function stripCredentials(value: string): string {
  return value.replace(/^([a-z]+:\/\/)[^/?#]*@/i, '$1');
}

/** What redaction must make of a header list: removed lines gone, URL values without userinfo. */
function redactedPairs(list: Json[]): Json[] {
  return list
    .filter((h) => !REMOVED.has((h.name as string).toLowerCase()))
    .map((h) => (URL_VALUED.has((h.name as string).toLowerCase()) ? { ...h, value: stripCredentials(h.value as string) } : h));
}

async function libraryText(format: 'har' | 'ndjson'): Promise<string> {
  const sink = new TextSink();
  const writer = format === 'har' ? new HarWriter(sink) : new NdjsonWriter(sink);
  for await (const x of read(recording)) await writer.write(x);
  await writer.close();
  return sink.text;
}

test('har --redact and read --format ndjson --redact remove the secrets and nothing else', async () => {
  const harOut = join(dir, 'redacted.har');
  const [har, ndjson] = await runClis([
    ['har', recording, '--redact', '--redact-header', 'X-Api-Key', '-o', harOut],
    ['read', recording, '--format', 'ndjson', '--redact', '--redact-header', 'x-api-key'],
  ]);
  for (const result of [har!, ndjson!]) {
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, STACK_TRACE);
  }

  // The unredacted export (the library, in-process) does carry every secret: the test can fail.
  const plainHarText = await libraryText('har');
  const plainNdjsonText = await libraryText('ndjson');
  for (const secret of SECRETS) {
    assert.ok(plainHarText.includes(secret), `the capture holds ${secret}`);
    assert.ok(plainNdjsonText.includes(secret), `the capture holds ${secret} (ndjson)`);
  }

  // HAR: valid, no secret anywhere, and equal to the plain HAR with exactly those parts removed.
  const harText = readFileSync(harOut, 'utf8');
  for (const secret of SECRETS) assert.ok(!harText.includes(secret), `HAR still holds ${secret}`);
  const redactedHar = JSON.parse(harText) as Json;
  await assertValidHar(redactedHar);
  const plainEntries = ((JSON.parse(plainHarText) as Json).log as Json).entries as Json[];
  const entries = (redactedHar.log as Json).entries as Json[];
  assert.equal(entries.length, 2);
  assert.deepEqual(entries[0]!._redacted, [
    'request.header:authorization',
    'request.header:cookie',
    'request.header:proxy-authorization',
    'request.header:referer.credentials',
    'request.header:x-api-key',
    'response.header:content-location.credentials',
    'response.header:set-cookie',
  ]);
  assert.deepEqual(entries[1]!._redacted, ['request.header:cookie', 'response.header:content-location.credentials']);
  for (const [i, entry] of entries.entries()) {
    const plain = plainEntries[i]!;
    const request = plain.request as Json;
    const response = plain.response as Json;
    assert.ok((request.cookies as unknown[]).length > 0, 'the plain HAR parsed the request cookies');
    const expected = {
      ...plain,
      request: { ...request, headers: redactedPairs(request.headers as Json[]), cookies: [] },
      response: { ...response, headers: redactedPairs(response.headers as Json[]), cookies: [] },
    };
    const { _redacted: _dropped, ...rest } = entry;
    assert.deepEqual(rest, expected, `entry ${i}: only the secrets differ`);
  }
  assert.ok(((entries[0]!.request as Json).headers as Json[]).some((h) => h.name === 'X-Visible' && h.value === 'client-kept'));

  // NDJSON: the same removals, the same lines otherwise, and what was removed is listed.
  for (const secret of SECRETS) assert.ok(!ndjson!.stdout.includes(secret), `NDJSON still holds ${secret}`);
  const lines = ndjson!.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Json);
  const plainLines = plainNdjsonText.trimEnd().split('\n').map((l) => JSON.parse(l) as Json);
  assert.equal(lines.length, plainLines.length);
  for (const [i, line] of lines.entries()) {
    const expected: Json = {};
    for (const [key, value] of Object.entries(plainLines[i]!)) {
      const header = /^http\.(?:request|response)\.header\.(.+)$/.exec(key)?.[1];
      if (header !== undefined && REMOVED.has(header)) continue;
      expected[key] = header !== undefined && URL_VALUED.has(header) ? (value as string[]).map(stripCredentials) : value;
    }
    const { 'ecapture.redacted': redacted, ...rest } = line;
    assert.deepEqual(redacted, entries[i]!._redacted, `line ${i}: ecapture.redacted`);
    assert.deepEqual(rest, expected, `line ${i}: only the secrets differ`);
  }
});
