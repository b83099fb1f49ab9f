// The fixture workload: the eight scenarios of fixtures/ecapture (those with expected.json) merged
// into one timeline, then replicated with the tap's replicateChunks (each copy on new client
// addresses 10.x.y.z, new pids, its own time slot) as `raw` and `v2` recordings, and the same
// copies as a TCP pcap. A known, fixed mix, so figures compare with other tools'.
// upstream-testdata is left out: it has no tuples (no pcap possible) and no ground truth.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyClientIp, fixtureConnectionKey, parseChunksJsonl, replicateChunks, writeDelimitedFile } from '../test/support/tap/index.js';
import type { FixtureChunk, TapProtocol } from '../test/support/tap/index.js';
import { PcapWriter } from './write-pcap.js';
import { formatBytes, readCachedMeta, workloadFiles, writeMeta, type WorkloadMeta } from './workload.js';

interface ExpectedJson {
  connections: Array<{ conn_id: string; protocol: string; tuple: string }>;
  exchanges: Array<{ protocol: string; response_body_wire_length: number; request_body_wire_length: number; response_headers: Array<[string, string]> }>;
}

export interface FixtureSet {
  /** All scenarios on one timeline, connection keys `<scenario>/<conn>`. */
  chunks: FixtureChunk[];
  protocols: Map<string, TapProtocol>;
  scenarios: string[];
  /** Per copy. */
  exchanges: { http1: number; http2: number };
  payload: { http1: number; http2: number };
  events: number;
  connections: number;
  mix: string[];
}

const SCENARIO_GAP_NS = 1_000_000n;

/** Reads and merges the scenarios: each one starts 1 ms after the previous one's last chunk. */
export function loadFixtureSet(fixturesDir: string): FixtureSet {
  const scenarios = readdirSync(fixturesDir)
    .filter((name) => /^h[12]-/.test(name) && statSync(join(fixturesDir, name)).isDirectory())
    .sort();
  const chunks: FixtureChunk[] = [];
  const protocols = new Map<string, TapProtocol>();
  const exchanges = { http1: 0, http2: 0 };
  const payload = { http1: 0, http2: 0 };
  const codings = new Map<string, number>();
  let events = 0;
  let connections = 0;
  // The timeline starts where the first scenario did: a zero timestamp would mean "no time".
  let offsetNs: bigint | undefined;
  let offsetMs = 0;
  for (const name of scenarios) {
    const dir = join(fixturesDir, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExpectedJson;
    const own = parseChunksJsonl(readFileSync(join(dir, 'chunks.jsonl'), 'utf8'));
    const protocolOf = new Map(expected.connections.map((c) => [c.conn_id, c.protocol === 'HTTP/2' ? 'http2' : 'http1'] as const));
    for (const c of expected.connections) protocols.set(`${name}/${c.conn_id}`, protocolOf.get(c.conn_id)!);
    connections += expected.connections.length;
    for (const x of expected.exchanges) {
      const p = x.protocol === 'HTTP/2' ? 'http2' : 'http1';
      exchanges[p]++;
      const coding = x.response_headers.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1] ?? 'identity';
      codings.set(coding, (codings.get(coding) ?? 0) + 1);
    }
    const firstNs = own[0]?.tsNs ?? 0n;
    offsetNs ??= firstNs;
    let lastNs = firstNs;
    let lastMs = 0;
    for (const chunk of own) {
      const key = `${name}/${fixtureConnectionKey(chunk)}`;
      chunks.push({ ...chunk, conn: key, tsNs: chunk.tsNs - firstNs + offsetNs, tMs: chunk.tMs + offsetMs });
      if (chunk.tsNs > lastNs) lastNs = chunk.tsNs;
      lastMs = Math.max(lastMs, chunk.tMs);
      if (chunk.kind === 'data') {
        events++;
        payload[protocolOf.get(chunk.conn ?? '') ?? 'http1'] += chunk.data.length;
      }
    }
    offsetNs += lastNs - firstNs + SCENARIO_GAP_NS;
    offsetMs += lastMs + 1;
  }
  const total = exchanges.http1 + exchanges.http2;
  const pct = (n: number): string => `${((100 * n) / Math.max(1, total)).toFixed(0)}%`;
  const mix = [
    `fixtures/ecapture: ${scenarios.join(', ')} (real curl/nghttp/node traffic), replicated; client side hooked`,
    `per copy: ${total} exchanges (HTTP/1.1 ${pct(exchanges.http1)}, HTTP/2 ${pct(exchanges.http2)}), ${connections} connections, ${events} data events, ${formatBytes(payload.http1 + payload.http2)} payload`,
    `events per exchange: raw ${(events / total).toFixed(2)} (v2 adds a connect and a destroy line per connection); payload per exchange ${formatBytes((payload.http1 + payload.http2) / total)}`,
    `response codings: ${[...codings].map(([c, n]) => `${c} ${pct(n)}`).join(', ')}; h2-post carries two 32 KiB uploads (most of the bytes)`,
  ];
  return { chunks, protocols, scenarios, exchanges, payload, events, connections, mix };
}

/** Writes the copies as a pcap: client address of copy k = copyClientIp(k), as replicateChunks does. */
async function writeFixturePcap(set: FixtureSet, copies: number, path: string): Promise<void> {
  const pcap = await PcapWriter.create(path);
  const firstNs = set.chunks[0]?.tsNs ?? 0n;
  let lastNs = firstNs;
  for (const c of set.chunks) if (c.tsNs > lastNs) lastNs = c.tsNs;
  const slotNs = lastNs - firstNs + SCENARIO_GAP_NS;
  try {
    for (let copy = 0; copy < copies; copy++) {
      const shift = BigInt(copy) * slotNs;
      for (const chunk of set.chunks) {
        const key = `${copy}:${chunk.conn}`;
        const ts = chunk.tsNs + shift;
        if (chunk.kind === 'close') {
          pcap.close(key, true, ts);
          continue;
        }
        if (!pcap.has(key)) {
          if (!chunk.tuple) throw new Error(`fixture chunk without a tuple: ${chunk.conn}`);
          pcap.open(key, { client: { ip: copyClientIp(copy), port: chunk.tuple.client.port }, server: chunk.tuple.server }, ts);
        }
        // Fixtures are the client's calls: writes go client → server.
        pcap.data(key, chunk.dataType === 1, chunk.data, ts);
      }
      await pcap.drain();
    }
  } finally {
    await pcap.finish();
  }
}

export interface FixtureSpec {
  name: string;
  copies: number;
}

export async function replicateFixtures(spec: FixtureSpec, fixturesDir: string, dir: string): Promise<WorkloadMeta> {
  const files = workloadFiles(dir);
  const cached = readCachedMeta(files);
  if (cached) return cached;
  const set = loadFixtureSet(fixturesDir);
  await rm(dir, { recursive: true, force: true });
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const tmp = workloadFiles(partial);
  const options = { protocols: set.protocols };
  const raw = await writeDelimitedFile(tmp.recording.raw, replicateChunks(set.chunks, spec.copies, { ...options, dialect: 'raw' }));
  const v2 = await writeDelimitedFile(tmp.recording.v2, replicateChunks(set.chunks, spec.copies, { ...options, dialect: 'v2' }));
  await writeFixturePcap(set, spec.copies, tmp.pcap);
  await rename(partial, dir);
  const ports = (p: TapProtocol): number[] => [
    ...new Set(set.chunks.flatMap((c) => (c.tuple && set.protocols.get(c.conn ?? '') === p ? [c.tuple.server.port] : []))),
  ];
  const meta: WorkloadMeta = {
    name: spec.name,
    source: `fixtures/ecapture replicated ×${spec.copies} (tap replicateChunks)`,
    exchanges: (set.exchanges.http1 + set.exchanges.http2) * spec.copies,
    http1Exchanges: set.exchanges.http1 * spec.copies,
    http2Exchanges: set.exchanges.http2 * spec.copies,
    connections: set.connections * spec.copies,
    payloadBytes: (set.payload.http1 + set.payload.http2) * spec.copies,
    http1PayloadBytes: set.payload.http1 * spec.copies,
    events: { raw, v2 },
    fileBytes: { raw: statSync(files.recording.raw).size, v2: statSync(files.recording.v2).size, pcap: statSync(files.pcap).size },
    ports: { http1: ports('http1'), http2: ports('http2') },
    mix: set.mix,
  };
  await writeMeta(files, meta);
  return meta;
}
