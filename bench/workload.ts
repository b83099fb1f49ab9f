// What a workload on disk is: one directory under bench/out/ with the same traffic as a `raw` and
// a `v2` recording and a TCP pcap, plus meta.json (written last: its presence marks the cache
// entry complete) describing the mix that is printed beside the figures.

import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Dialect = 'raw' | 'v2';

export interface WorkloadMeta {
  name: string;
  /** One line: where the traffic comes from. */
  source: string;
  /** Exchanges in the traffic (ground truth: both ends' view, or expected.json × copies). */
  exchanges: number;
  http1Exchanges: number;
  http2Exchanges: number;
  connections: number;
  /** Plaintext bytes in data events (both directions): the "captured payload" of MB/s. */
  payloadBytes: number;
  /** HTTP/1 share of payloadBytes (for the llhttp floor's MB/s). */
  http1PayloadBytes: number;
  events: Record<Dialect, number>;
  fileBytes: Record<Dialect | 'pcap', number>;
  /** Server ports per protocol, for tshark's `-d tcp.port==P,http|http2`. */
  ports: { http1: number[]; http2: number[] };
  /** Lines that describe the mix (sizes, codings, connection shape). */
  mix: string[];
}

export interface WorkloadFiles {
  dir: string;
  recording: Record<Dialect, string>;
  pcap: string;
  meta: string;
}

export function workloadFiles(dir: string): WorkloadFiles {
  return {
    dir,
    recording: { raw: join(dir, 'raw.ldpb'), v2: join(dir, 'v2.ldpb') },
    pcap: join(dir, 'traffic.pcap'),
    meta: join(dir, 'meta.json'),
  };
}

/** The cached workload's meta, or undefined when it is missing or incomplete. */
export function readCachedMeta(files: WorkloadFiles): WorkloadMeta | undefined {
  if (!existsSync(files.meta)) return undefined;
  if (!existsSync(files.recording.raw) || !existsSync(files.recording.v2) || !existsSync(files.pcap)) return undefined;
  return JSON.parse(readFileSync(files.meta, 'utf8')) as WorkloadMeta;
}

export async function writeMeta(files: WorkloadFiles, meta: WorkloadMeta): Promise<void> {
  await writeFile(files.meta, JSON.stringify(meta, null, 2) + '\n');
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}
