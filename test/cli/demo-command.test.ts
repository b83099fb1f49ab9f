// `demo` through the real CLI: it serves the bundled recording over a real WebSocket on 127.0.0.1,
// reads it back, prints every exchange the file holds and exits 0 by itself.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { read } from '../../src/api/connect.js';
import { DEMO_RECORDING } from '../sink-fixtures/fixture-oracle.js';
import { STACK_TRACE, killAll, runCli } from './run-cli.js';

after(killAll);

test('demo prints the exchanges of the bundled recording and exits 0', async () => {
  // The same recording read as a file, in-process: what the WebSocket path must reproduce.
  const fromFile: string[] = [];
  for await (const x of read(DEMO_RECORDING)) fromFile.push(`${x.request?.method || '?'} ${x.request?.url ?? ''} ${x.response?.status || '---'}`);

  const result = await runCli(['demo'], 30_000);
  assert.equal(result.signal, null, 'demo must end by itself');
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, STACK_TRACE);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^# replaying .*demo\.ldpb on ws:\/\/127\.0\.0\.1:\d+\/$/);
  const summary = /^# (\d+) exchanges from (\d+) events/.exec(lines.at(-1)!);
  assert.ok(summary, `summary line: ${lines.at(-1)}`);
  const exchangeLines = lines.slice(1, -1);
  assert.equal(Number(summary[1]), exchangeLines.length);
  assert.equal(exchangeLines.length, fromFile.length, result.stdout);
  const printed = exchangeLines.map((line) => line.split(' ').slice(0, 3).join(' ')).sort();
  assert.deepEqual(printed, [...fromFile].sort());
  // Both HTTP versions and all three dialects' exchanges are there (HTTP/2 lines show the stream).
  assert.ok(exchangeLines.some((line) => / h2#\d+ /.test(line)));
  assert.ok(exchangeLines.some((line) => / h1\.1 /.test(line)));
});
