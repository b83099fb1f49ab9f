// `events <recording>` through the real CLI: one NDJSON record per message of the file, each a
// v2 event whose pid/fd/direction/bytes are those of the SSL call in chunks.jsonl.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FIXTURES } from '../support/expected.js';
import { parseChunksJsonl, type FixtureDataChunk } from '../support/tap/index.js';
import { countDelimitedMessages } from '../sink-fixtures/fixture-oracle.js';
import { STACK_TRACE, killAll, runCli } from './run-cli.js';

type Json = Record<string, unknown>;

after(killAll);

test('events of h2-post/stream-v2.ldpb: one v2 record per message with the pid, fd and direction of each call', async () => {
  const scenario = join(FIXTURES, 'h2-post');
  const recording = join(scenario, 'stream-v2.ldpb');
  const result = await runCli(['events', recording]);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, STACK_TRACE);

  const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Json);
  assert.equal(lines.length, countDelimitedMessages(readFileSync(recording)), 'one record per message');
  for (const [i, line] of lines.entries()) {
    assert.equal(line.kind, 'event', `record ${i}: kind`);
    assert.equal(line.dialect, 'v2', `record ${i}: dialect`);
    assert.equal(line.seq, i, `record ${i}: seq`);
  }

  // The fixture's v2 stream: a connect line before each connection's first call, one data line per
  // call in chunks.jsonl order, one all-zero destroy line per close.
  const chunks = parseChunksJsonl(readFileSync(join(scenario, 'chunks.jsonl'), 'utf8'));
  const calls = chunks.filter((c): c is FixtureDataChunk => c.kind === 'data');
  const data = lines.filter((l) => l.sub === 'data');
  assert.equal(data.length, calls.length, 'one data record per SSL call');
  for (const [i, call] of calls.entries()) {
    const record = data[i]!;
    assert.equal(record.pid, call.pid, `call ${i}: pid`);
    assert.equal(record.tid, call.tid, `call ${i}: tid`);
    assert.equal(record.comm, call.comm, `call ${i}: comm`);
    assert.equal(record.fd, call.fd, `call ${i}: fd`);
    assert.equal(record.direction, call.dataType === 1 ? 'write' : 'read', `call ${i}: direction`);
    const payload = record.payload as Json;
    assert.equal(payload.length, call.data.length, `call ${i}: payload length`);
    assert.equal(payload.base64, Buffer.from(call.data).toString('base64'), `call ${i}: payload bytes`);
  }

  const connects = lines.filter((l) => l.sub === 'connect' && l.destroy === false);
  const firstCalls = [...new Map(calls.map((c) => [c.conn, c])).values()];
  assert.equal(connects.length, firstCalls.length, 'one connect line per connection');
  for (const [i, call] of firstCalls.entries()) {
    assert.equal(connects[i]!.pid, call.pid, `connect ${i}: pid`);
    assert.equal(connects[i]!.fd, call.fd, `connect ${i}: fd`);
    assert.deepEqual(connects[i]!.tuple, call.tuple, `connect ${i}: tuple`);
  }
  const destroys = lines.filter((l) => l.sub === 'connect' && l.destroy === true);
  assert.equal(destroys.length, chunks.filter((c) => c.kind === 'close').length, 'one destroy line per close');
  assert.equal(connects.length + data.length + destroys.length, lines.length, 'nothing else in a v2 event stream');
});
