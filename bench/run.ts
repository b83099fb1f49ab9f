// `npm run bench`: generates (or reuses) the workloads, measures every figure in child processes,
// prints one report and writes it to bench/out/results.md. Options: bench/README.md.

import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkload } from './generate-workload.js';
import { measureLatency, measureOpenConnections, measureRssOverRecording, profilePipeline, runCodecBench } from './measure-live.js';
import { makeBaseline } from './make-baseline.js';
import { measureDialect, measureTshark, type Scripts } from './measure-throughput.js';
import { parseOptions, type BenchOptions } from './options.js';
import { replicateFixtures } from './replicate-fixtures.js';
import {
  connectionsSection,
  floorsTable,
  fmtMiB,
  latencySection,
  profileSection,
  rssSection,
  steadyTable,
  targetLines,
  throughputTable,
  tsharkTable,
  type WorkloadResult,
} from './report.js';
import { TSHARK_MISSING, tsharkVersion } from './run-tshark.js';
import { transpileTree } from './transpile.js';
import { openRequestDescription, writeOpenConnections } from './write-open-connections.js';
import { workloadFiles, type WorkloadMeta } from './workload.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench/out');
const FIXTURES = join(ROOT, 'fixtures/ecapture');
/** Bump when generated traffic changes, so stale caches are not reused. */
const GENERATOR_VERSION = 3;
/** Stated bound for memory per open connection (heap + external, and RSS). */
const PER_CONNECTION_BOUND = 16 * 1024;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function buildScripts(options: BenchOptions, notes: string[]): Scripts {
  const js = join(OUT, 'js');
  const scripts: Scripts = {
    pipeline: transpileTree(ROOT, 'bench/child-pipeline.ts', js),
    floors: transpileTree(ROOT, 'bench/child-floors.ts', js),
  };
  if (options.baselineRev) {
    const { dir, changed } = makeBaseline(ROOT, options.baselineRev, OUT, options.baselinePaths);
    options.baseline = dir;
    notes.push(
      `- "baseline src" rows: the same pipeline with the ${changed.length} files under ${options.baselinePaths.join(', ')} that changed since ${options.baselineRev} as they were there ` +
        `(measured alternately with the current tree): ${changed.join(', ')}`,
    );
  }
  if (options.baseline) {
    // The baseline's src/ with this bench's pipeline child next to it.
    const base = resolve(options.baseline);
    if (!existsSync(join(base, 'src'))) throw new Error(`--baseline ${base}: no src/ there`);
    mkdirSync(join(base, 'bench'), { recursive: true });
    for (const file of ['child-pipeline.ts', 'child-steady.ts', 'read-proc-status.ts']) cpSync(join(ROOT, 'bench', file), join(base, 'bench', file));
    scripts.baselinePipeline = transpileTree(base, 'bench/child-pipeline.ts', join(base, 'js'));
    scripts.baselineSteady = transpileTree(base, 'bench/child-steady.ts', join(base, 'js'));
    scripts.steady = transpileTree(ROOT, 'bench/child-steady.ts', js);
  }
  return scripts;
}

interface Workload {
  meta: WorkloadMeta;
  dir: string;
}

async function prepareWorkloads(options: BenchOptions): Promise<Workload[]> {
  const size = options.payloadBytes !== undefined ? `b${options.payloadBytes}` : `x${options.exchanges}`;
  const work = join(OUT, 'work');
  const generated = [
    { name: 'http1', http2Share: 0 },
    { name: 'mixed', http2Share: 0.5 },
  ];
  const workloads: Workload[] = [];
  for (const g of generated) {
    const dir = join(work, `${g.name}-${size}-s${options.seed}-g${GENERATOR_VERSION}`);
    log(`workload ${g.name}: ${dir}`);
    const spec = { name: g.name, http2Share: g.http2Share, exchanges: options.exchanges, seed: options.seed, ...(options.payloadBytes !== undefined ? { maxPayloadBytes: options.payloadBytes } : {}) };
    workloads.push({ meta: await generateWorkload(spec, dir, log), dir });
  }
  const fixturesDir = join(work, `fixtures-x${options.fixtureCopies}`);
  log(`workload fixtures: ${fixturesDir}`);
  workloads.push({ meta: await replicateFixtures({ name: 'fixtures', copies: options.fixtureCopies }, FIXTURES, fixturesDir), dir: fixturesDir });
  return workloads;
}

function machineLines(tshark: string | undefined): string[] {
  const cpu = cpus();
  return [
    `- machine: ${cpu.length} CPUs (${cpu[0]?.model ?? '?'}), ${(totalmem() / (1 << 30)).toFixed(0)} GiB RAM, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `- node ${process.version}; ${tshark ?? TSHARK_MISSING}`,
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = Date.now();
  const version = tsharkVersion();
  log('transpiling the measured children (bench/out/js) …');
  const baselineNotes: string[] = [];
  const scripts = buildScripts(options, baselineNotes);
  const workloads = await prepareWorkloads(options);
  if (options.generateOnly) {
    for (const w of workloads) {
      const files = workloadFiles(w.dir);
      console.log(`${w.meta.name}: ${w.meta.exchanges} exchanges, ${fmtMiB(w.meta.payloadBytes)} payload\n  ${files.recording.raw}\n  ${files.recording.v2}\n  ${files.pcap}`);
    }
    return;
  }
  const out: string[] = [
    '# ecapture-http benchmark',
    '',
    ...machineLines(version),
    `- runs per figure: ${options.runs} (fastest kept); every figure from a child process; wall time from spawn to exit`,
    ...baselineNotes,
    '',
  ];
  const sections = options.sections;
  const limits = { runs: options.runs, timeoutMs: options.timeoutMs };

  if (sections.has('throughput') || sections.has('websocket')) {
    const results: WorkloadResult[] = [];
    for (const w of workloads) {
      const files = workloadFiles(w.dir);
      const result: WorkloadResult = { meta: w.meta, dialects: [] };
      if (version) {
        log(`tshark on ${w.meta.name} …`);
        result.tshark = await measureTshark(files, w.meta, 'http', limits);
        if (options.tsharkDefault) result.tsharkDefault = await measureTshark(files, w.meta, 'default', limits);
      } else {
        result.tsharkNote = TSHARK_MISSING;
      }
      for (const dialect of ['raw', 'v2'] as const) {
        log(`pipeline on ${w.meta.name} ${dialect} …`);
        result.dialects.push(await measureDialect(files, w.meta, dialect, scripts, { ...limits, websocket: sections.has('websocket') }));
      }
      results.push(result);
    }
    const { markdown, notes } = throughputTable(results);
    out.push('## Throughput: full pipeline (file → decode → assemble → body decode → exchanges)', '');
    out.push(
      'exch/s and MB/s (MB = 10^6 bytes of captured payload) over the whole child process, start-up included, as for tshark. ' +
        '"ceiling" = exchanges ÷ (time of the decode floor + time of the llhttp floor) over the same recording: no pipeline that reads the ' +
        'file and parses HTTP/1 with llhttp can be faster. tshark: JSON/text body dissectors off (like for like: we do not parse bodies), ' +
        'same traffic as a TCP pcap, `-d tcp.port==P,http|http2`; its figure is per workload (the pcap has no dialect).',
      '',
      markdown,
      '',
    );
    if (notes.length > 0) out.push('Notes:', ...notes.map((n) => `- ${n}`), '');
    const targets = targetLines(results);
    if (targets.length > 0) out.push('Targets (file path vs tshark):', ...targets, '');
    if (results.some((r) => r.dialects.some((d) => d.steady))) {
      out.push('### Before/after: steady state (3 rounds in one process, fastest round, CPU time)', '', steadyTable(results), '');
    }
    out.push('### Floors (inside the child, loop only)', '', floorsTable(results), '');
    if (version) out.push('### tshark', '', tsharkTable(results), '');
    out.push('### Workload mix', '');
    for (const w of workloads) {
      out.push(`**${w.meta.name}** — ${w.meta.source}: ${w.meta.exchanges} exchanges, ${(w.meta.payloadBytes / 1e6).toFixed(0)} MB payload, ` +
        `recordings raw ${fmtMiB(w.meta.fileBytes.raw)} / v2 ${fmtMiB(w.meta.fileBytes.v2)}, pcap ${fmtMiB(w.meta.fileBytes.pcap)}`, '');
      out.push(...w.meta.mix.map((m) => `- ${m}`), '');
    }
  }

  if (sections.has('memory')) {
    const fixtures = workloads.find((w) => w.meta.name === 'fixtures')!;
    const perCopy = fixtures.meta.fileBytes.raw / (fixtures.meta.exchanges / 20);
    const copies = Math.max(1, Math.ceil(options.memoryBytes / perCopy));
    const dir = join(OUT, 'work', `fixtures-x${copies}`);
    log(`memory: replicating fixtures ×${copies} …`);
    const meta = await replicateFixtures({ name: 'fixtures', copies }, FIXTURES, dir);
    log('memory: reading it …');
    const run = await measureRssOverRecording(scripts.pipeline, workloadFiles(dir).recording.raw, meta.fileBytes.raw, meta.payloadBytes, options.timeoutMs);
    out.push('## Memory over a large recording (streaming)', '', rssSection(run, `fixtures ×${copies}, raw (no close events: connections end by idle time)`), '');
  }

  if (sections.has('connections')) {
    const runs = [];
    for (const protocol of ['http1', 'http2'] as const) {
      log(`open connections: ${options.openConnections} ${protocol} …`);
      const recording = await writeOpenConnections(FIXTURES, protocol, options.openConnections, join(OUT, 'work'));
      const script = transpileTree(ROOT, 'bench/child-open-connections.ts', join(OUT, 'js'));
      runs.push({ protocol, what: openRequestDescription(protocol), run: await measureOpenConnections(script, recording, options.timeoutMs) });
    }
    out.push(`## ${options.openConnections} concurrent open connections (request sent, no response yet)`, '', connectionsSection(runs, PER_CONNECTION_BOUND), '');
  }

  if (sections.has('latency')) {
    const dir = join(OUT, 'work', `latency-mixed-x${options.latencyExchanges}-s${options.seed}-g${GENERATOR_VERSION}`);
    const meta = await generateWorkload({ name: 'latency', http2Share: 0.5, exchanges: options.latencyExchanges, seed: options.seed }, dir, log);
    const script = transpileTree(ROOT, 'bench/child-latency.ts', join(OUT, 'js'));
    const runs = [];
    for (const dialect of ['raw', 'v2'] as const) {
      log(`latency: ${dialect} replayed in real time …`);
      runs.push({ label: `mixed ${meta.exchanges} exchanges, ${dialect}`, run: await measureLatency(script, workloadFiles(dir).recording[dialect], options.timeoutMs) });
    }
    out.push('## Latency on the live path (replay server in real time → WebSocket → exchanges)', '', latencySection(runs), '');
  }

  if (sections.has('profile')) {
    const mixed = workloads.find((w) => w.meta.name === 'mixed')!;
    log('profile: node --cpu-prof on mixed raw …');
    const profile = await profilePipeline(scripts.pipeline, workloadFiles(mixed.dir).recording.raw, join(OUT, 'profile'), 20, options.timeoutMs);
    out.push(`## CPU profile: mixed, raw, file path (self time, top 20 of ${(profile.totalMs / 1000).toFixed(1)} s)`, '', profileSection(profile), '');
  }

  if (sections.has('codec')) {
    log('codec: bench/codec.ts …');
    out.push('## Codecs: node:zlib vs pako on the same bodies (bench/codec.ts)', '', '```', await runCodecBench(ROOT, options.timeoutMs), '```', '');
  }

  out.push(`Load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  const report = out.join('\n') + '\n';
  process.stdout.write(report);
  writeFileSync(join(OUT, 'results.md'), report);
}

await main();
