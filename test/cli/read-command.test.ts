// `read` through the real CLI: one line per exchange of a fixture, and a reader that goes away
// early (`read … | head -1`, also for `--format ndjson` and `har` to stdout) ends the process
// quietly with exit 0 instead of an EPIPE error or stack trace.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, scenarios } from '../support/expected.js';
import { parseChunksJsonl, replicateChunks, writeDelimitedFile } from '../support/tap/index.js';
import { STACK_TRACE, killAll, pollUntil, runCli, startCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-read-'));
/** 1000 copies of h1-get-json (raw): ~110 KB of text lines, more than a pipe buffers. */
const big = join(dir, 'many-exchanges.ldpb');
const COPIES = 1000;

before(async () => {
  const chunks = parseChunksJsonl(readFileSync(join(FIXTURES, 'h1-get-json', 'chunks.jsonl'), 'utf8'));
  await writeDelimitedFile(big, replicateChunks(chunks, COPIES, { dialect: 'raw' }));
});

after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

test('read of h1-keepalive-timing/stream-raw.ldpb prints one line per exchange', async () => {
  const scenario = scenarios().find((s) => s.name === 'h1-keepalive-timing')!;
  const result = await runCli(['read', join(scenario.dir, 'stream-raw.ldpb')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, scenario.exchanges.length, result.stdout);
  const seen = lines.map((line) => line.split(' ').slice(0, 3).join(' ')).sort();
  // HTTP/1 over eCapture is TLS: the URL scheme is https (flagged scheme-inferred).
  const expected = scenario.exchanges.map((e) => `${e.method} https://${e.authority}${e.path} ${e.status}`).sort();
  assert.deepEqual(seen, expected);
  for (const line of lines) assert.match(line, / h1\.1 req=\d+B res=[\d.]+(B|KiB) .* node\[9221\]/, line);
});

/** Starts the CLI, closes our end of its stdout after the first line (or first bytes), waits for its exit. */
async function closeStdoutEarly(args: string[], firstOutput: RegExp): Promise<void> {
  const child = startCli(args, 30_000);
  const first = await pollUntil(() => firstOutput.exec(child.stdout)?.[0], 20_000, `first output of ${args.join(' ')}`);
  child.process.stdout.destroy();
  const result = await child.exited;
  const what = args.slice(0, 3).join(' ');
  assert.equal(result.signal, null, `${what}: must exit by itself`);
  assert.equal(result.code, 0, `${what}: exit code (stderr: ${result.stderr})`);
  assert.doesNotMatch(result.stderr, /EPIPE/, `${what}: no EPIPE report`);
  assert.doesNotMatch(result.stderr, STACK_TRACE, `${what}: no stack trace`);
  assert.ok(first.length > 0);
}

test('read … | head -1: closing stdout after the first line ends read quietly (text and ndjson)', async () => {
  await Promise.all([
    closeStdoutEarly(['read', big], /^GET https:\/\/127\.0\.0\.1:28100\/json 200 [^\n]*\n/),
    closeStdoutEarly(['read', big, '--format', 'ndjson'], /^\{[^\n]*"http\.request\.method":"GET"[^\n]*\}\n/),
  ]);
});

test('har … | head -c: closing stdout early ends har quietly', async () => {
  await closeStdoutEarly(['har', big], /^\{"log":\{"version":"1\.2"/);
});
