// Throughput rows: for one workload and dialect, the full pipeline from the file and through the
// real WebSocket path (replay server → client), the floors over the same recording, and tshark
// over the same traffic's pcap. Every figure comes from a child process, the fastest of `runs`.

import { startReplayServer } from '../src/source/replay-server.js';
import { lastJson, runChild, type ChildRun } from './run-child.js';
import { runTshark, type TsharkProfile, type TsharkResult } from './run-tshark.js';
import type { Dialect, WorkloadFiles, WorkloadMeta } from './workload.js';

export interface Scripts {
  pipeline: string;
  floors: string;
  /** The same pipeline child built from another src/ (before/after comparisons). */
  baselinePipeline?: string;
  /** Steady-state children (several rounds in one process), current and baseline. */
  steady?: string;
  baselineSteady?: string;
}

export interface PipelineFigure {
  path: 'file' | 'websocket' | 'file, baseline src';
  exchanges: number;
  lossy: number;
  lossCodes: Record<string, number>;
  wallMs: number;
  /** user + system CPU of the child (NaN without GNU time). */
  cpuMs: number;
  peakRss: number;
}

export interface FloorFigure {
  wallMs: number;
  /** Time inside the child for the floor's own loop (no process start-up). */
  innerMs: number;
  exchanges?: number;
  bytes?: number;
}

/** CPU ms of the fastest of several rounds in one process: current src and baseline src. */
export interface SteadyFigure {
  exchanges: number;
  currentCpuMs: number;
  baselineCpuMs: number;
}

export interface DialectFigures {
  dialect: Dialect;
  pipeline: PipelineFigure[];
  steady?: SteadyFigure;
  decode: FloorFigure;
  fromBinary: FloorFigure;
  records: FloorFigure;
  llhttp?: FloorFigure;
}

interface PipelineChildOutput {
  exchanges: number;
  lossy: number;
  lossCodes: Record<string, number>;
}

async function fastest(runs: number, measure: () => Promise<ChildRun>): Promise<ChildRun> {
  let best: ChildRun | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await measure();
    if (!best || run.wallMs < best.wallMs) best = run;
  }
  return best!;
}

async function fastestAlternating(runs: number, a: () => Promise<ChildRun>, b: () => Promise<ChildRun>): Promise<[ChildRun, ChildRun]> {
  let bestA: ChildRun | undefined;
  let bestB: ChildRun | undefined;
  for (let i = 0; i < runs; i++) {
    const ra = await a();
    const rb = await b();
    if (!bestA || ra.wallMs < bestA.wallMs) bestA = ra;
    if (!bestB || rb.wallMs < bestB.wallMs) bestB = rb;
  }
  return [bestA!, bestB!];
}

function pipelineFigure(path: PipelineFigure['path'], run: ChildRun): PipelineFigure {
  const out = lastJson<PipelineChildOutput>(run);
  return { path, exchanges: out.exchanges, lossy: out.lossy, lossCodes: out.lossCodes, wallMs: run.wallMs, cpuMs: run.cpuMs, peakRss: run.peakRss };
}

async function overWebSocket(recording: string, script: string, runs: number, timeoutMs: number): Promise<ChildRun> {
  return fastest(runs, async () => {
    const server = await startReplayServer({ file: recording, closeWhenDone: true, heartbeatIntervalMs: 60_000 });
    try {
      return await runChild(process.execPath, [script, server.url, 'websocket'], { timeoutMs });
    } finally {
      await server.close();
    }
  });
}

export async function measureDialect(
  files: WorkloadFiles,
  meta: WorkloadMeta,
  dialect: Dialect,
  scripts: Scripts,
  options: { runs: number; timeoutMs: number; websocket: boolean },
): Promise<DialectFigures> {
  const recording = files.recording[dialect];
  const { runs, timeoutMs } = options;
  const node = process.execPath;
  const pipeline: PipelineFigure[] = [];
  const current = (): Promise<ChildRun> => runChild(node, [scripts.pipeline, recording, 'file'], { timeoutMs });
  if (scripts.baselinePipeline) {
    // Alternating runs, so both see the same machine load.
    const baselineScript = scripts.baselinePipeline;
    const baseline = (): Promise<ChildRun> => runChild(node, [baselineScript, recording, 'baseline'], { timeoutMs });
    const [now, before] = await fastestAlternating(runs, current, baseline);
    pipeline.push(pipelineFigure('file', now), pipelineFigure('file, baseline src', before));
  } else {
    pipeline.push(pipelineFigure('file', await fastest(runs, current)));
  }
  if (options.websocket) pipeline.push(pipelineFigure('websocket', await overWebSocket(recording, scripts.pipeline, runs, timeoutMs)));
  const floor = async (mode: 'decode' | 'frombinary' | 'records' | 'llhttp'): Promise<FloorFigure> => {
    const run = await fastest(runs, () => runChild(node, [scripts.floors, mode, recording], { timeoutMs }));
    const out = lastJson<{ ms: number; exchanges?: number; bytes?: number }>(run);
    const figure: FloorFigure = { wallMs: run.wallMs, innerMs: out.ms };
    if (out.exchanges !== undefined) figure.exchanges = out.exchanges;
    if (out.bytes !== undefined) figure.bytes = out.bytes;
    return figure;
  };
  const figures: DialectFigures = {
    dialect,
    pipeline,
    decode: await floor('decode'),
    fromBinary: await floor('frombinary'),
    records: await floor('records'),
  };
  if (meta.http1Exchanges > 0) figures.llhttp = await floor('llhttp');
  if (scripts.steady && scripts.baselineSteady) {
    const steady = scripts.steady;
    const baselineSteady = scripts.baselineSteady;
    const [now, before] = await fastestAlternating(
      1,
      () => runChild(node, [steady, recording, '3'], { timeoutMs }),
      () => runChild(node, [baselineSteady, recording, '3'], { timeoutMs }),
    );
    const a = lastJson<{ exchanges: number; bestCpuMs: number }>(now);
    const b = lastJson<{ exchanges: number; bestCpuMs: number }>(before);
    figures.steady = { exchanges: a.exchanges, currentCpuMs: a.bestCpuMs, baselineCpuMs: b.bestCpuMs };
  }
  return figures;
}

export async function measureTshark(
  files: WorkloadFiles,
  meta: WorkloadMeta,
  profile: TsharkProfile,
  options: { runs: number; timeoutMs: number },
): Promise<TsharkResult> {
  let best: TsharkResult | undefined;
  for (let i = 0; i < options.runs; i++) {
    const result = await runTshark(files.pcap, meta, profile, options.timeoutMs);
    if (!best || result.wallMs < best.wallMs) best = result;
  }
  return best!;
}
