// `har ws://… -o FILE` against the real replay server (`replay … --port 0 --realtime`, children on
// 127.0.0.1), stopped mid-capture: by SIGINT (exit 0, valid HAR, log.comment says so), by SIGINT
// while a request still waits for its response, and by the source going away while one waits. The
// waiting request is flushed as an entry with status 0, `_error` and issues, never dropped.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertValidHar } from '../sink/helpers/validate-har.js';
import { renderCalls, runTap, writeDelimitedFile, type CapturedCall } from '../support/tap/index.js';
import { DEMO_RECORDING } from '../sink-fixtures/fixture-oracle.js';
import { STACK_TRACE, killAll, pollUntil, startCli, type CliChild } from './run-cli.js';

type Json = Record<string, unknown>;

const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-sigint-'));
/** How far the recording puts the /slow response after its request (the replay caps pauses at 10 s). */
const RESPONSE_DELAY_MS = 8_000;

after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A replay child serving `file` in real time; resolves with its ws:// URL from its stderr line. */
async function startReplay(file: string): Promise<{ child: CliChild; url: string }> {
  const child = startCli(['replay', file, '--port', '0', '--realtime'], 60_000);
  const match = await child.waitForStderr(/replaying .* on (ws:\/\/127\.0\.0\.1:\d+\/)/, 20_000);
  return { child, url: match[1]! };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function finishedHar(har: CliChild, path: string): Promise<Json> {
  const result = await har.exited;
  assert.equal(result.signal, null, 'har must exit by itself');
  assert.equal(result.code, 0, `har exit code (stderr: ${result.stderr})`);
  assert.doesNotMatch(result.stderr, STACK_TRACE);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as Json;
  await assertValidHar(doc);
  return doc;
}

test('SIGINT mid-capture of the demo (replayed in real time) leaves a valid HAR and exit 0', async () => {
  const replay = await startReplay(DEMO_RECORDING);
  const out = join(dir, 'demo.har');
  try {
    const har = startCli(['har', replay.url, '-o', out], 60_000);
    // har opens its output once its SIGINT handler is in place: only then is SIGINT an interruption.
    await pollUntil(() => (existsSync(out) ? true : undefined), 20_000, 'har to open its output', () => har.process.exitCode !== null);
    // At least one entry, or a few seconds of the capture: either way the capture is mid-stream
    // (the demo's first exchange is only settled by an event 9 s into the recording).
    await pollUntil(() => (readText(out).includes('"startedDateTime"') ? true : undefined), 3_000, 'a first entry').catch(() => undefined);
    assert.equal(har.process.exitCode, null, 'har still running: the real-time replay lasts longer');
    har.kill('SIGINT');
    const doc = await finishedHar(har, out);
    const log = doc.log as Json;
    assert.match(log.comment as string, /capture interrupted/);
    // Nothing the capture saw is lost: every entry came from the first part of the demo.
    for (const entry of log.entries as Json[]) assert.ok(Array.isArray(entry._issues) && typeof entry._ecapture === 'object');
  } finally {
    replay.child.kill('SIGINT');
    await replay.child.exited;
  }
});

describe('a request still waiting for its response when the capture stops', () => {
  const recording = join(dir, 'slow-response.ldpb');
  let replay: { child: CliChild; url: string } | undefined;

  before(async () => {
    // Real traffic: GET /first answered at once, then GET /slow on the same connection.
    const cap = await runTap({
      protocol: 'http1',
      server: (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: req.url }));
      },
      client: async (client) => {
        await client.request({ path: '/first' });
        await client.request({ path: '/slow' });
      },
    });
    // eCapture v2 events of the client; everything from the /slow request's answer on happens
    // RESPONSE_DELAY_MS later, so a real-time replay holds the response back that long.
    const calls = cap.calls({ side: 'client' });
    const slowRequest = calls.findIndex((c) => c.kind === 'data' && c.direction === 'write' && Buffer.from(c.data).includes('GET /slow'));
    assert.ok(slowRequest > 0, 'the /slow request was recorded');
    const shifted = calls.map((call, i): CapturedCall => {
      if (i <= slowRequest || call.kind !== 'data') return call;
      return { ...call, tsNs: call.tsNs + BigInt(RESPONSE_DELAY_MS) * 1_000_000n, localMs: call.localMs + RESPONSE_DELAY_MS };
    });
    await writeDelimitedFile(recording, renderCalls(shifted, 'v2'));
    replay = await startReplay(recording);
  });

  after(async () => {
    replay?.child.kill('SIGINT');
    await replay?.child.exited;
  });

  /** Starts `har` on the replay and resolves once /first is in its file and /slow was sent. */
  async function harWaitingForSlow(out: string): Promise<CliChild> {
    const har = startCli(['har', replay!.url, '-o', out], 60_000);
    await pollUntil(() => (readText(out).includes('/first') ? true : undefined), 15_000, 'the /first entry', () => har.process.exitCode !== null);
    // The /slow request follows the /first response within milliseconds of recorded time.
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(har.process.exitCode, null, 'har still running: the /slow response is seconds away');
    return har;
  }

  function assertSlowFlushed(doc: Json): Json {
    const entries = (doc.log as Json).entries as Json[];
    assert.deepEqual(
      entries.map((e) => (e.request as Json).url as string).map((url) => url.replace(/^https?:\/\/[^/]+/, '')),
      ['/first', '/slow'],
    );
    assert.equal((entries[0]!.response as Json).status, 200);
    const slow = entries[1]!;
    assert.equal((slow.response as Json).status, 0, '/slow has no response');
    assert.equal(typeof slow._error, 'string', '/slow names why in _error');
    const codes = (slow._issues as Json[]).map((i) => i.code);
    assert.ok(codes.includes(slow._error as string), `_error ${String(slow._error)} is among the issues ${codes.join(',')}`);
    assert.ok(codes.includes('response-missing') || codes.includes('end-of-input'), codes.join(','));
    return slow;
  }

  test('SIGINT: the pending request is flushed and flagged, the HAR says the capture was interrupted', async () => {
    const out = join(dir, 'sigint-pending.har');
    const har = await harWaitingForSlow(out);
    har.kill('SIGINT');
    const doc = await finishedHar(har, out);
    assertSlowFlushed(doc);
    assert.match((doc.log as Json).comment as string, /capture interrupted: pending exchanges were flushed and flagged/);
  });

  test('the source goes away: har ends by itself, the pending request is flushed and flagged', async () => {
    const out = join(dir, 'source-gone.har');
    const har = await harWaitingForSlow(out);
    replay!.child.kill('SIGINT');
    await replay!.child.exited;
    const doc = await finishedHar(har, out);
    assertSlowFlushed(doc);
  });
});
