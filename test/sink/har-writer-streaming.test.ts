import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Exchange } from '../../src/model/exchange.js';
import { HarWriter, readPackageIdentity, type Har } from '../../src/sink/har/index.js';
import { SinkClosedError } from '../../src/sink/sink-errors.js';
import { exchange, plainBody, response } from './helpers/build-exchange.js';
import { CountingSink, TextSink } from './helpers/collect-output.js';
import { assertValidHar } from './helpers/validate-har.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function numbered(i: number) {
  return exchange({
    id: `4242:7:0#${i}`,
    response: response({ body: plainBody(`{"n":${i},"pad":"${'p'.repeat(1000)}"}`) }),
  });
}

test('entries reach the stream as they are written, before close()', async () => {
  const sink = new TextSink();
  const writer = new HarWriter(sink);
  assert.equal(sink.text, '', 'constructing a writer writes nothing');
  await writer.write(numbered(0));
  assert.match(sink.text, /^\{"log":\{"version":"1\.2","creator":\{"name":"ecapture-http","version":"[^"]+"\},"pages":\[\],"entries":\[\n\{/);
  assert.ok(sink.text.includes('"4242:7:0#0"'));
  await writer.write(numbered(1));
  assert.ok(sink.text.includes('"4242:7:0#1"'));
  await writer.close();
  const har = JSON.parse(sink.text) as Har;
  assert.equal(har.log.entries.length, 2);
  assert.equal(har.log.creator.version, packageVersion);
  await assertValidHar(har);
});

test('10 000 exchanges stream out with bounded heap (the writer keeps no entries)', async () => {
  const sink = new CountingSink(4 * 1024);
  const writer = new HarWriter(sink);
  for (let i = 0; i < 2000; i++) await writer.write(numbered(i));
  gc();
  const early = process.memoryUsage().heapUsed;
  for (let i = 2000; i < 10000; i++) await writer.write(numbered(i));
  gc();
  const late = process.memoryUsage().heapUsed;
  await writer.close();
  assert.equal(writer.written, 10000);
  // 8000 more entries of ~1.5 KB each: keeping them (or their JSON) would add well over 12 MB.
  assert.ok(late - early < 4 * 1024 * 1024, `heap grew by ${late - early} bytes over 8000 entries`);
  assert.ok(sink.bytes > 8000 * 1000);
});

test('writes wait for drain: a slow stream never buffers more than one entry past its high-water mark', async () => {
  const sink = new TextSink({ highWaterMark: 256, slow: true });
  const writer = new HarWriter(sink);
  let maxBuffered = 0;
  for (let i = 0; i < 50; i++) {
    await writer.write(numbered(i));
    maxBuffered = Math.max(maxBuffered, sink.writableLength);
  }
  await writer.close();
  assert.ok(maxBuffered <= 256, `stream buffered ${maxBuffered} bytes after an awaited write`);
  await assertValidHar(JSON.parse(sink.text));
});

test('un-awaited writes keep their order, and close() after partial writes yields valid JSON', async () => {
  const sink = new TextSink({ highWaterMark: 64, slow: true });
  const writer = new HarWriter(sink);
  const pending = [0, 1, 2, 3, 4].map((i) => writer.write(numbered(i)));
  // As on SIGINT: close while writes are still queued, with a note about flushed exchanges.
  await writer.close('capture interrupted (SIGINT): 1 pending exchange flushed');
  await Promise.all(pending);
  const har = JSON.parse(sink.text) as Har;
  assert.deepEqual(
    har.log.entries.map((e) => e._ecapture.exchangeId),
    ['4242:7:0#0', '4242:7:0#1', '4242:7:0#2', '4242:7:0#3', '4242:7:0#4'],
  );
  assert.equal(har.log.comment, 'capture interrupted (SIGINT): 1 pending exchange flushed');
  await assertValidHar(har);
});

test('close() with no writes, twice, and write after close', async () => {
  const sink = new TextSink();
  const writer = new HarWriter(sink, { pageless: true, creatorVersion: '9.9.9-test' });
  const first = writer.close();
  assert.equal(writer.close(), first);
  await first;
  assert.equal(sink.text, '{"log":{"version":"1.2","creator":{"name":"ecapture-http","version":"9.9.9-test"},"entries":[]}}\n');
  await assert.rejects(writer.write(numbered(0)), (e: unknown) => e instanceof SinkClosedError && e.code === 'sink-closed');
  assert.equal(sink.text.endsWith('}}\n'), true);
});

test('an exchange the converter cannot handle is counted in log.comment and the file stays valid', async () => {
  const sink = new TextSink();
  const writer = new HarWriter(sink);
  const malformed = { ...numbered(1), request: { ...numbered(1).request, headers: undefined } } as unknown as Exchange;
  await writer.write(numbered(0));
  await writer.write(malformed);
  await writer.write(numbered(2));
  await writer.close();
  const har = JSON.parse(sink.text) as Har;
  assert.equal(har.log.entries.length, 2);
  assert.match(har.log.comment ?? '', /^1 exchange could not be converted \(first: 4242:7:0#1: /);
  await assertValidHar(har);
});

test('endStream: close() ends the stream after the tail is flushed', async () => {
  const sink = new TextSink();
  const writer = new HarWriter(sink, { endStream: true });
  await writer.write(numbered(0));
  await writer.close();
  assert.equal(sink.writableFinished, true);
  await assertValidHar(JSON.parse(sink.text));
});

test('a failing stream rejects writes instead of hanging', async () => {
  const broken = new Writable({
    highWaterMark: 16,
    write(_chunk, _encoding, callback) {
      callback(new Error('disk full'));
    },
  });
  const writer = new HarWriter(broken);
  await assert.rejects(writer.write(numbered(0)));
  await assert.rejects(writer.close());
});

test('creator version comes from package.json found by walking up (src/ and dist/ layouts)', () => {
  assert.deepEqual(readPackageIdentity(), { name: 'ecapture-http', version: packageVersion });
  const root = mkdtempSync(join(tmpdir(), 'sink-creator-'));
  try {
    const deep = join(root, 'node_modules', 'ecapture-http', 'dist', 'sink', 'har');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'some-app', version: '1.0.0' }));
    writeFileSync(join(root, 'node_modules', 'ecapture-http', 'package.json'), JSON.stringify({ name: 'ecapture-http', version: '3.2.1' }));
    assert.deepEqual(readPackageIdentity(deep), { name: 'ecapture-http', version: '3.2.1' });
    assert.deepEqual(readPackageIdentity(join(root)), { name: 'ecapture-http', version: 'unknown' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
