// The CLI's contract as a user meets it: `--help` on every command, and mistakes (unknown command,
// no source, a source that does not exist, a bad option value) answered with one clear line on
// stderr and a non-zero exit, never a stack trace, and without touching an existing output file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEMO_RECORDING } from '../sink-fixtures/fixture-oracle.js';
import { STACK_TRACE, killAll, runClis, type CliResult } from './run-cli.js';

const COMMANDS = ['events', 'read', 'har', 'record', 'replay', 'demo'] as const;
const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-cli-'));

after(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

function assertOneClearLine(result: CliResult, pattern: RegExp, what: string): void {
  assert.notEqual(result.code, 0, `${what}: exit code must be non-zero`);
  assert.equal(result.signal, null, `${what}: must exit by itself`);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `${what}: exactly one line on stderr, got ${JSON.stringify(result.stderr)}`);
  assert.match(lines[0]!, pattern, what);
  assert.doesNotMatch(result.stderr, STACK_TRACE, `${what}: no stack trace`);
  // `har` closes its document whatever happens: at most an empty, valid HAR on stdout.
  if (result.stdout !== '') assert.deepEqual((JSON.parse(result.stdout) as { log: { entries: unknown[] } }).log.entries, [], `${what}: stdout`);
}

test('--help on every command exits 0 and prints its usage', async () => {
  const results = await runClis(COMMANDS.map((command) => [command, '--help']), 3);
  for (const [i, command] of COMMANDS.entries()) {
    const result = results[i]!;
    assert.equal(result.code, 0, `${command} --help: exit code (stderr: ${result.stderr})`);
    assert.match(result.stdout, new RegExp(`^Usage: ecapture-http ${command}\\b`), `${command} --help: usage line`);
    assert.equal(result.stderr, '', `${command} --help: nothing on stderr`);
  }
});

test('mistakes get one clear line on stderr and a non-zero exit, never a stack trace', async () => {
  const existing = join(dir, 'existing.har');
  writeFileSync(existing, 'keep me\n');
  const cases: Array<{ args: string[]; pattern: RegExp; what: string }> = [
    { args: ['frobnicate'], pattern: /unknown command 'frobnicate'/, what: 'unknown command' },
    { args: ['read'], pattern: /read takes one source/, what: 'missing source' },
    { args: ['har', join(dir, 'no-such-recording.ldpb')], pattern: /no-such-recording\.ldpb/, what: 'source that does not exist' },
    { args: ['har', DEMO_RECORDING, '--max-har-body', 'lots', '-o', existing], pattern: /--max-har-body must be an integer/, what: 'bad option value' },
  ];
  const results = await runClis(cases.map((c) => c.args), 3);
  for (const [i, c] of cases.entries()) assertOneClearLine(results[i]!, c.pattern, c.what);
  // A usage error is found before the output is opened: the existing file is left alone.
  assert.equal(readFileSync(existing, 'utf8'), 'keep me\n');
});
