// The measurements that need a server or a sampler around the child: RSS over a large recording,
// memory per open connection, latency on the live WebSocket path, the CPU profile, and the codec
// comparison (bench/codec.ts, run as it is).

import { mkdir, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startReplayServer } from '../src/source/replay-server.js';
import { lastJson, runChild } from './run-child.js';
import { summarizeByArea, summarizeProfile, type SelfTime } from './summarize-profile.js';

export interface RssRun {
  inputBytes: number;
  payloadBytes: number;
  exchanges: number;
  wallMs: number;
  peakRss: number;
  /** RSS at 0 % (first sample), 25 %, 50 %, 75 % and 100 % of the run. */
  quartiles: number[];
  /** Least-squares slope of RSS over the second half of the run, per GiB of input read. */
  slopePerGiB: number;
  samples: number;
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function measureRssOverRecording(script: string, recording: string, inputBytes: number, payloadBytes: number, timeoutMs: number): Promise<RssRun> {
  const run = await runChild(process.execPath, [script, recording, 'memory'], { timeoutMs, sampleRssMs: 100 });
  const out = lastJson<{ exchanges: number; ms: number }>(run);
  const samples = run.rssSamples;
  const endMs = samples[samples.length - 1]?.[0] ?? 0;
  const at = (fraction: number): number => {
    const found = samples.find(([t]) => t >= endMs * fraction);
    return (found ?? samples[samples.length - 1])?.[1] ?? Number.NaN;
  };
  // Input is read at a steady rate, so time stands for input read.
  const perMs = slope(samples.filter(([t]) => t >= endMs / 2));
  const bytesPerMs = inputBytes / Math.max(1, out.ms);
  return {
    inputBytes,
    payloadBytes,
    exchanges: out.exchanges,
    wallMs: run.wallMs,
    peakRss: run.peakRss,
    quartiles: [0, 0.25, 0.5, 0.75, 1].map(at),
    slopePerGiB: (perMs / bytesPerMs) * (1 << 30),
    samples: samples.length,
  };
}

export interface OpenConnectionsRun {
  open: number;
  emittedWhileOpen: number;
  emittedAtEnd: number;
  heapPerConnection: number;
  rssPerConnection: number;
  peakRss: number;
}

export async function measureOpenConnections(script: string, recording: string, timeoutMs: number): Promise<OpenConnectionsRun> {
  const run = await runChild(process.execPath, ['--expose-gc', script, recording], { timeoutMs });
  return lastJson<OpenConnectionsRun>(run);
}

export interface LatencyRun {
  exchanges: number;
  withoutEvent: number;
  arrivalMs: { p50: number; p99: number; max: number };
  pickupMs: { p50: number; p99: number; max: number };
}

export async function measureLatency(script: string, recording: string, timeoutMs: number): Promise<LatencyRun> {
  const server = await startReplayServer({ file: recording, realtime: true, closeWhenDone: true, heartbeatIntervalMs: 60_000 });
  try {
    return lastJson<LatencyRun>(await runChild(process.execPath, [script, server.url, 'latency'], { timeoutMs }));
  } finally {
    await server.close();
  }
}

export interface ProfileSummary {
  totalMs: number;
  entries: SelfTime[];
  areas: Array<{ area: string; ms: number; share: number }>;
}

export async function profilePipeline(script: string, recording: string, dir: string, top: number, timeoutMs: number): Promise<ProfileSummary> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await runChild(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script, recording, 'profile'], { timeoutMs });
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  return { ...summarizeProfile(join(dir, file), top), areas: summarizeByArea(join(dir, file)) };
}

export async function runCodecBench(root: string, timeoutMs: number): Promise<string> {
  const run = await runChild(process.execPath, ['--import', 'tsx', join(root, 'bench/codec.ts')], { timeoutMs });
  return run.stdout.trim();
}
