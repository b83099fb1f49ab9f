// Decoding throughput for gzip and deflate bodies: decodeBody (node:zlib streaming, capped, plus
// its sha256), node:zlib sync, and pako (comparison only). One run, all in this process.
// Run: node --import tsx bench/codec.ts

import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import { WireBodyCollector, decodeBody } from '../src/body/index.js';
import type { Body } from '../src/model/exchange.js';
import { sampleJsonText } from '../test/body/sample-bodies.js';

// pako ships no types and is a dev dependency used only here.
const pako = createRequire(import.meta.url)('pako') as {
  ungzip(data: Uint8Array): Uint8Array;
  inflate(data: Uint8Array): Uint8Array;
};

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [1 * KiB, 64 * KiB, 4 * MiB];
/** Contenders run in interleaved rounds and report the median round, so load changes on a shared
 * machine hit all of them alike instead of whichever ran at the wrong moment. */
const ROUNDS = 7;
const ROUND_MS = 40;
const WARMUP_MS = 100;
const MAX_RUNS = 20_000;

interface Case {
  coding: 'gzip' | 'deflate';
  size: number;
  original: Uint8Array;
  wire: Uint8Array;
  body: Body;
}

/** JSON lines with an HTML fragment per record, varied enough to compress like real API traffic. */
function makeCase(coding: Case['coding'], size: number): Case {
  const original = sampleJsonText(size, 1_000_000, size);
  const wire = coding === 'gzip' ? zlib.gzipSync(original) : zlib.deflateSync(original);
  const collector = new WireBodyCollector(64 * MiB);
  collector.push(wire);
  return { coding, size, original, wire, body: collector.finish({ codings: [coding] }) };
}

type Contender = () => unknown;

/** Runs one contender for about `ms` and returns its MiB/s of decoded output. */
async function runFor(run: Contender, bytesPerRun: number, ms: number): Promise<number> {
  let runs = 0;
  const start = performance.now();
  while (runs < MAX_RUNS && (runs === 0 || performance.now() - start < ms)) {
    await run();
    runs++;
  }
  return (bytesPerRun * runs) / ((performance.now() - start) / 1000) / MiB;
}

async function measureInterleaved(contenders: Contender[], bytesPerRun: number): Promise<number[]> {
  for (const run of contenders) await runFor(run, bytesPerRun, WARMUP_MS); // JIT, zlib handles
  const rounds: number[][] = contenders.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, run] of contenders.entries()) rounds[i]!.push(await runFor(run, bytesPerRun, ROUND_MS));
  }
  return rounds.map((speeds) => speeds.sort((a, b) => a - b)[Math.floor(speeds.length / 2)]!);
}

function label(size: number): string {
  return size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}; MiB/s of decoded output (median of ${ROUNDS} interleaved rounds), ratio to node:zlib sync\n`);
  console.log(['coding', 'size', 'wire', 'zlib sync', 'decodeBody', 'ratio', 'pako', 'ratio'].join('\t'));
  for (const coding of ['gzip', 'deflate'] as const) {
    for (const size of SIZES) {
      const c = makeCase(coding, size);
      const syncDecode = coding === 'gzip' ? () => zlib.gunzipSync(c.wire) : () => zlib.inflateSync(c.wire);
      const pakoDecode = coding === 'gzip' ? () => pako.ungzip(c.wire) : () => pako.inflate(c.wire);
      // Sanity: every contender decodes to the original before it is timed.
      const check = await decodeBody(c.body);
      const ok =
        check.body.status === 'complete' &&
        Buffer.from(check.body.decoded!).equals(c.original) &&
        Buffer.from(syncDecode()).equals(c.original) &&
        Buffer.from(pakoDecode()).equals(c.original);
      if (!ok) throw new Error(`${coding} ${label(size)}: a decoder disagrees with the original`);

      const [sync, streaming, viaPako] = (await measureInterleaved(
        [syncDecode, () => decodeBody(c.body), pakoDecode],
        size,
      )) as [number, number, number];
      console.log(
        [
          coding,
          label(size),
          `${c.wire.length} B`,
          sync.toFixed(1),
          streaming.toFixed(1),
          (streaming / sync).toFixed(2),
          viaPako.toFixed(1),
          (viaPako / sync).toFixed(2),
        ].join('\t'),
      );
    }
  }
  console.log('\ndecodeBody includes the sha256 of the decoded bytes and the Body bookkeeping.');
}

await main();
