// The generated workloads: real Node http/http2 traffic through the tap (drive-traffic.ts), in
// batches, written as a `raw` and a `v2` recording (client side hooked) and as a TCP pcap, all
// from the same per-direction bytes. Connections are renumbered across batches (client address
// 10.x.y.z with its real port, server 127.0.0.1:HTTP1_PORT or HTTP2_PORT, pid per batch) so every
// connection stays distinct in the recordings and in the pcap, and tshark needs one `-d` per protocol.

import { statSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { frameDelimited, renderCall } from '../test/support/tap/index.js';
import type { Tuple } from '../src/decode/records.js';
import type { CapturedCall, TapCapture, TapProtocol } from '../test/support/tap/index.js';
import { CONNECTION_SHAPE, driveBatch } from './drive-traffic.js';
import { MIX } from './traffic-mix.js';
import { PcapWriter } from './write-pcap.js';
import { formatBytes, percentile, readCachedMeta, workloadFiles, writeMeta, type Dialect, type WorkloadMeta } from './workload.js';

export const HTTP1_PORT = 18080;
export const HTTP2_PORT = 18081;
const BATCH_EXCHANGES = 1000;
const FIRST_BATCH_PID = 40_000;

export interface GeneratedSpec {
  name: string;
  /** Share of exchanges over HTTP/2 (0 = HTTP/1 only). */
  http2Share: number;
  exchanges: number;
  /** Stop early once this much payload was generated (optional). */
  maxPayloadBytes?: number;
  seed: number;
}

function clientIp(g: number): string {
  return `10.${(g >> 16) & 255}.${(g >> 8) & 255}.${g & 255}`;
}

class Appender {
  #file: FileHandle;
  count = 0;
  bytes = 0;
  private constructor(file: FileHandle) {
    this.#file = file;
  }
  static async create(path: string): Promise<Appender> {
    return new Appender(await open(path, 'w'));
  }
  async append(messages: Uint8Array[]): Promise<void> {
    const framed = frameDelimited(messages);
    await this.#file.write(framed);
    this.count += messages.length;
    this.bytes += framed.length;
  }
  close(): Promise<void> {
    return this.#file.close();
  }
}

interface Stats {
  exchanges: { http1: number; http2: number };
  payload: { http1: number; http2: number };
  connections: number;
  responseBodies: number[];
  requestBodies: number[];
  codings: Map<string, number>;
  statuses: Map<number, number>;
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function header(headers: ReadonlyArray<[string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Renders one batch into the three outputs; returns the batch's payload bytes. */
async function writeBatch(
  cap: TapCapture,
  batch: number,
  firstConnection: number,
  out: { raw: Appender; v2: Appender; pcap: PcapWriter },
  stats: Stats,
): Promise<void> {
  const protocol: TapProtocol = cap.protocol;
  const pid = FIRST_BATCH_PID + batch;
  const tuples = new Map<number, Tuple>();
  for (const conn of cap.connections) {
    tuples.set(conn.id, {
      client: { ip: clientIp(firstConnection + conn.id), port: conn.client.port },
      server: { ip: '127.0.0.1', port: protocol === 'http2' ? HTTP2_PORT : HTTP1_PORT },
    });
  }
  const calls = cap.calls({ side: 'client', utcOffsetMinutes: 0, identity: (conn) => ({ pid, tid: pid, comm: 'node', fd: 20 + conn.id }) });
  const raw: Uint8Array[] = [];
  const v2: Uint8Array[] = [];
  for (const call of calls) {
    const moved: CapturedCall =
      call.kind === 'destroy' ? call : { ...call, ...(call.kind === 'connect' || call.tuple ? { tuple: tuples.get(Number(call.conn))! } : {}) };
    const r = renderCall(moved, 'raw');
    if (r) raw.push(r);
    const v = renderCall(moved, 'v2');
    if (v) v2.push(v);
    if (call.kind === 'data') stats.payload[protocol] += call.data.length;
  }
  await out.raw.append(raw);
  await out.v2.append(v2);
  for (const chunk of cap.chunks) {
    const key = `${batch}:${chunk.conn}`;
    if (chunk.kind === 'open') out.pcap.open(key, tuples.get(chunk.conn)!, chunk.tsNs);
    else if (chunk.kind === 'data') out.pcap.data(key, chunk.from === 'client', chunk.data, chunk.tsNs);
    else out.pcap.close(key, chunk.by === 'client', chunk.tsNs);
  }
  await out.pcap.drain();
  stats.connections += cap.connections.length;
  for (const x of cap.truth) {
    if (!x.request || !x.response) throw new Error(`generated exchange without both sides (conn ${x.conn}, #${x.index})`);
    stats.exchanges[protocol]++;
    stats.requestBodies.push(x.request.body.length);
    stats.responseBodies.push(x.response.body.length);
    count(stats.codings, header(x.response.headers, 'content-encoding') ?? 'identity');
    count(stats.statuses, x.response.status);
  }
}

function describe(spec: GeneratedSpec, stats: Stats, events: Record<Dialect, number>, total: number): string[] {
  const pct = (n: number): string => `${((100 * n) / Math.max(1, total)).toFixed(0)}%`;
  const responses = [...stats.responseBodies].sort((a, b) => a - b);
  const requests = [...stats.requestBodies].filter((n) => n > 0).sort((a, b) => a - b);
  const codings = [...stats.codings].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${pct(n)}`).join(', ');
  const statuses = [...stats.statuses].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${pct(n)}`).join(', ');
  const lines = [
    `real Node ${spec.http2Share > 0 ? 'http + http2 (h2c)' : 'http'} servers and clients on 127.0.0.1 through the tap, client side hooked; seed ${spec.seed}`,
    `protocols: HTTP/1.1 ${pct(stats.exchanges.http1)}, HTTP/2 ${pct(stats.exchanges.http2)} of exchanges; ${stats.connections} connections`,
    `events per exchange: raw ${(events.raw / total).toFixed(2)}, v2 ${(events.v2 / total).toFixed(2)} (v2 adds connect/destroy lines); payload per exchange ${formatBytes((stats.payload.http1 + stats.payload.http2) / total)}`,
    `response bodies (wire): p50 ${formatBytes(percentile(responses, 50))}, p90 ${formatBytes(percentile(responses, 90))}, max ${formatBytes(percentile(responses, 100))}; request bodies ${pct(requests.length)} of requests, p50 ${formatBytes(percentile(requests, 50))}`,
    `content codings: ${codings}; statuses: ${statuses}`,
    ...MIX.map((m) => `  ${(m.share * 100).toFixed(0)}% ${m.kind}: ${m.what}`),
  ];
  if (stats.exchanges.http1 > 0) lines.push(`HTTP/1: ${CONNECTION_SHAPE.http1}`);
  if (stats.exchanges.http2 > 0) lines.push(`HTTP/2: ${CONNECTION_SHAPE.http2}`);
  return lines;
}

/** Generates (or reuses from `dir`) the workload; `log` reports progress. */
export async function generateWorkload(spec: GeneratedSpec, dir: string, log: (line: string) => void): Promise<WorkloadMeta> {
  const files = workloadFiles(dir);
  const cached = readCachedMeta(files);
  if (cached) return cached;
  await rm(dir, { recursive: true, force: true });
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const tmp = workloadFiles(partial);
  const out = { raw: await Appender.create(tmp.recording.raw), v2: await Appender.create(tmp.recording.v2), pcap: await PcapWriter.create(tmp.pcap) };
  const stats: Stats = {
    exchanges: { http1: 0, http2: 0 },
    payload: { http1: 0, http2: 0 },
    connections: 0,
    responseBodies: [],
    requestBodies: [],
    codings: new Map(),
    statuses: new Map(),
  };
  const started = performance.now();
  try {
    const maxBatches = Math.ceil(spec.exchanges / BATCH_EXCHANGES) + 1;
    for (let batch = 0, serial = 0; batch < maxBatches && serial < spec.exchanges; batch++) {
      if (spec.maxPayloadBytes !== undefined && stats.payload.http1 + stats.payload.http2 >= spec.maxPayloadBytes) break;
      const h2 = stats.exchanges.http2 < spec.http2Share * (stats.exchanges.http1 + stats.exchanges.http2);
      const protocol: TapProtocol = spec.http2Share > 0 && h2 ? 'http2' : 'http1';
      const exchanges = Math.min(BATCH_EXCHANGES, spec.exchanges - serial);
      const cap = await driveBatch({ protocol, exchanges, firstSerial: serial, seed: spec.seed });
      await writeBatch(cap, batch, stats.connections + 1, out, stats);
      serial += exchanges;
      log(`  ${spec.name}: ${serial}/${spec.exchanges} exchanges (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await out.raw.close();
    await out.v2.close();
    await out.pcap.finish();
  }
  const total = stats.exchanges.http1 + stats.exchanges.http2;
  const events = { raw: out.raw.count, v2: out.v2.count };
  const meta: WorkloadMeta = {
    name: spec.name,
    source: `generated: ${spec.http2Share > 0 ? 'mixed HTTP/1.1 + HTTP/2' : 'HTTP/1.1 only'}, real traffic through test/support/tap`,
    exchanges: total,
    http1Exchanges: stats.exchanges.http1,
    http2Exchanges: stats.exchanges.http2,
    connections: stats.connections,
    payloadBytes: stats.payload.http1 + stats.payload.http2,
    http1PayloadBytes: stats.payload.http1,
    events,
    fileBytes: { raw: out.raw.bytes, v2: out.v2.bytes, pcap: 0 },
    ports: { http1: stats.exchanges.http1 > 0 ? [HTTP1_PORT] : [], http2: stats.exchanges.http2 > 0 ? [HTTP2_PORT] : [] },
    mix: describe(spec, stats, events, total),
  };
  await rename(partial, dir);
  meta.fileBytes.pcap = statSync(files.pcap).size;
  await writeMeta(files, meta);
  return meta;
}
