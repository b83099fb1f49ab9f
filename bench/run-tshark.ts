// tshark (Debian's `tshark` package) over the workload's pcap, run like our own children
// (run-child.ts: wall time, peak RSS). It must really dissect every request and response: the
// command prints the request method and response status of every HTTP/1 message and every HTTP/2
// header block, and the exchanges it found are counted from that output and checked.
//
// Two configurations: `http` disables tshark's JSON and line-based text dissectors (our pipeline
// does not parse bodies either: like for like), `default` is tshark as installed (JSON bodies are
// dissected into trees: a lot slower on JSON-heavy traffic).

import { spawnSync } from 'node:child_process';
import { runChild } from './run-child.js';
import type { WorkloadMeta } from './workload.js';

export type TsharkProfile = 'http' | 'default';

export interface TsharkResult {
  profile: TsharkProfile;
  exchanges: number;
  http1: { requests: number; responses: number };
  http2: { requests: number; responses: number };
  wallMs: number;
  cpuMs: number;
  peakRss: number;
}

export const TSHARK_MISSING = 'tshark not installed (apt-get install tshark)';

/** tshark's version line, or undefined when it cannot be run. */
export function tsharkVersion(): string | undefined {
  const probe = spawnSync('tshark', ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error || probe.status !== 0) return undefined;
  const first = probe.stdout.split('\n')[0] ?? '';
  const version = /(\d+\.\d+\.\d+)/.exec(first)?.[1];
  return version ? `tshark ${version}` : first.trim();
}

function countValues(field: string | undefined): number {
  if (!field) return 0;
  let n = 0;
  for (const value of field.split(',')) if (value !== '') n++;
  return n;
}

export function tsharkArgs(pcap: string, meta: WorkloadMeta, profile: TsharkProfile): string[] {
  const decodeAs = [
    ...meta.ports.http1.flatMap((p) => ['-d', `tcp.port==${p},http`]),
    ...meta.ports.http2.flatMap((p) => ['-d', `tcp.port==${p},http2`]),
  ];
  const lean = profile === 'http' ? ['--disable-protocol', 'json', '--disable-protocol', 'data-text-lines'] : [];
  return [
    '-r', pcap, '-n', ...decodeAs, ...lean,
    '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,',
    '-e', 'http.request.method', '-e', 'http.response.code', '-e', 'http2.headers.method', '-e', 'http2.headers.status',
  ];
}

export async function runTshark(pcap: string, meta: WorkloadMeta, profile: TsharkProfile, timeoutMs: number): Promise<TsharkResult> {
  const run = await runChild('tshark', tsharkArgs(pcap, meta, profile), { timeoutMs });
  const http1 = { requests: 0, responses: 0 };
  const http2 = { requests: 0, responses: 0 };
  for (const line of run.stdout.split('\n')) {
    if (line === '') continue;
    const [h1Method, h1Status, h2Method, h2Status] = line.split('\t');
    http1.requests += countValues(h1Method);
    http1.responses += countValues(h1Status);
    http2.requests += countValues(h2Method);
    http2.responses += countValues(h2Status);
  }
  const exchanges = Math.min(http1.requests, http1.responses) + Math.min(http2.requests, http2.responses);
  return { profile, exchanges, http1, http2, wallMs: run.wallMs, cpuMs: run.cpuMs, peakRss: run.peakRss };
}
