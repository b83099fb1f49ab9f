// Turns the measurements into the Markdown the bench prints and writes to bench/out/results.md.

import type { DialectFigures, PipelineFigure } from './measure-throughput.js';
import type { LatencyRun, OpenConnectionsRun, ProfileSummary, RssRun } from './measure-live.js';
import type { TsharkResult } from './run-tshark.js';
import type { WorkloadMeta } from './workload.js';

export const MB = 1e6;
export const MiB = 1 << 20;

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function rate(n: number, ms: number): number {
  return n / (ms / 1000);
}

export function fmtRate(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 100_000) return `${(n / 1000).toFixed(0)}k`;
  if (n >= 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(2)}k`;
  return n.toFixed(0);
}

export function fmtMiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(0)} MiB` : '–';
}

function fmtRatio(x: number): string {
  return Number.isFinite(x) ? (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`) : '–';
}

export interface WorkloadResult {
  meta: WorkloadMeta;
  dialects: DialectFigures[];
  tshark?: TsharkResult;
  tsharkDefault?: TsharkResult;
  /** Why there is no tshark figure. */
  tsharkNote?: string;
}

/** exchanges / (decode floor + llhttp floor): no pipeline can beat doing only those two. */
function ceiling(meta: WorkloadMeta, d: DialectFigures): number {
  const ms = d.decode.innerMs + (d.llhttp?.innerMs ?? 0);
  return rate(meta.exchanges, ms);
}

function lossNote(p: PipelineFigure, expected: number): string {
  const notes: string[] = [];
  if (p.exchanges !== expected) notes.push(`${p.exchanges} of ${expected} exchanges`);
  if (p.lossy > 0) notes.push(`${p.lossy} flagged: ${Object.entries(p.lossCodes).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return notes.join('; ');
}

export function throughputTable(results: WorkloadResult[]): { markdown: string; notes: string[] } {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const w of results) {
    const t = w.tshark;
    const tRate = t ? rate(t.exchanges, t.wallMs) : Number.NaN;
    const tCpuRate = t ? rate(t.exchanges, t.cpuMs) : Number.NaN;
    for (const d of w.dialects) {
      for (const p of d.pipeline) {
        const ours = rate(p.exchanges, p.wallMs);
        const ceil = ceiling(w.meta, d);
        rows.push([
          w.meta.name,
          d.dialect,
          p.path,
          String(p.exchanges),
          fmtRate(ours),
          (w.meta.payloadBytes / MB / (p.wallMs / 1000)).toFixed(1),
          `${(p.wallMs / 1000).toFixed(1)} / ${(p.cpuMs / 1000).toFixed(1)}`,
          fmtMiB(p.peakRss),
          `${fmtRate(ceil)} (decode ${fmtRate(rate(w.meta.exchanges, d.decode.innerMs))}${d.llhttp ? `, llhttp ${fmtRate(rate(d.llhttp.exchanges ?? 0, d.llhttp.innerMs))}` : ''})`,
          `${((100 * ours) / ceil).toFixed(0)}%`,
          t ? fmtRate(tRate) : (w.tsharkNote ?? '–'),
          t ? fmtMiB(t.peakRss) : '–',
          t ? `${fmtRatio(ours / tRate)} (CPU ${fmtRatio(rate(p.exchanges, p.cpuMs) / tCpuRate)})` : '–',
          t ? `${((100 * p.peakRss) / t.peakRss).toFixed(0)}%` : '–',
        ]);
        const loss = lossNote(p, w.meta.exchanges);
        if (loss) notes.push(`${w.meta.name} ${d.dialect} ${p.path}: ${loss}`);
      }
    }
    if (t && t.exchanges !== w.meta.exchanges) notes.push(`${w.meta.name}: tshark found ${t.exchanges} of ${w.meta.exchanges} exchanges`);
  }
  const markdown = table(
    ['workload', 'dialect', 'path', 'exchanges', 'exch/s', 'MB/s', 'wall / CPU s', 'peak RSS', 'ceiling exch/s (floors)', 'of ceiling', 'tshark exch/s', 'tshark RSS', 'vs tshark', 'RSS vs tshark'],
    rows,
  );
  return { markdown, notes };
}

export function steadyTable(results: WorkloadResult[]): string {
  const rows: string[][] = [];
  for (const w of results) {
    for (const d of w.dialects) {
      if (!d.steady) continue;
      const { exchanges, currentCpuMs, baselineCpuMs } = d.steady;
      rows.push([
        w.meta.name,
        d.dialect,
        `${fmtRate(rate(exchanges, baselineCpuMs))} (${((1000 * baselineCpuMs) / exchanges).toFixed(0)} µs)`,
        `${fmtRate(rate(exchanges, currentCpuMs))} (${((1000 * currentCpuMs) / exchanges).toFixed(0)} µs)`,
        fmtRatio(baselineCpuMs / currentCpuMs),
      ]);
    }
  }
  return table(['workload', 'dialect', 'baseline src: exch per CPU s (CPU per exchange)', 'current src', 'speed-up'], rows);
}

export function floorsTable(results: WorkloadResult[]): string {
  const rows: string[][] = [];
  for (const w of results) {
    for (const d of w.dialects) {
      rows.push([
        w.meta.name,
        d.dialect,
        `${fmtRate(rate(w.meta.events[d.dialect], d.decode.innerMs))} msg/s, ${(w.meta.payloadBytes / MB / (d.decode.innerMs / 1000)).toFixed(0)} MB/s`,
        `${fmtRate(rate(w.meta.events[d.dialect], d.fromBinary.innerMs))} msg/s (${(d.fromBinary.innerMs / d.decode.innerMs).toFixed(1)}× the wire read's time)`,
        `${fmtRate(rate(w.meta.events[d.dialect], d.records.innerMs))} msg/s, ${(w.meta.payloadBytes / MB / (d.records.innerMs / 1000)).toFixed(0)} MB/s`,
        d.llhttp
          ? `${fmtRate(rate(d.llhttp.exchanges ?? 0, d.llhttp.innerMs))} exch/s, ${((d.llhttp.bytes ?? 0) / MB / (d.llhttp.innerMs / 1000)).toFixed(0)} MB/s (${d.llhttp.exchanges} responses)`
          : '– (no HTTP/1)',
      ]);
    }
  }
  return table(['workload', 'dialect', 'read + LogEntry wire read (BinaryReader)', 'read + fromBinary (reflection)', 'decode layer (readRecording)', 'llhttp alone (HTTP/1 bytes)'], rows);
}

export function tsharkTable(results: WorkloadResult[]): string {
  const rows: string[][] = [];
  for (const w of results) {
    for (const t of [w.tshark, w.tsharkDefault]) {
      if (!t) continue;
      rows.push([
        w.meta.name,
        t.profile === 'http' ? 'JSON/text body dissectors off' : 'default dissectors',
        `${t.exchanges} (HTTP/1 ${t.http1.requests}/${t.http1.responses}, HTTP/2 ${t.http2.requests}/${t.http2.responses})`,
        `${(t.wallMs / 1000).toFixed(1)} / ${(t.cpuMs / 1000).toFixed(1)}`,
        fmtRate(rate(t.exchanges, t.wallMs)),
        fmtMiB(t.peakRss),
        `${(w.meta.fileBytes.pcap / MiB).toFixed(0)} MiB`,
      ]);
    }
  }
  return table(['workload', 'tshark', 'exchanges found (req/resp)', 'wall / CPU s', 'exch/s', 'peak RSS', 'pcap'], rows);
}

export function targetLines(results: WorkloadResult[]): string[] {
  const lines: string[] = [];
  for (const w of results) {
    if (!w.tshark || w.meta.name === 'fixtures') continue;
    const tRate = rate(w.tshark.exchanges, w.tshark.wallMs);
    for (const d of w.dialects) {
      const p = d.pipeline.find((x) => x.path === 'file');
      if (!p) continue;
      const speed = rate(p.exchanges, p.wallMs) / tRate;
      const memory = p.peakRss / w.tshark.peakRss;
      lines.push(
        `- ${w.meta.name} ${d.dialect}: ${fmtRatio(speed)} tshark's exchanges/s (target ≥ 10×: ${speed >= 10 ? 'met' : 'NOT met'}), ` +
          `peak RSS ${(100 * memory).toFixed(0)}% of tshark's (target ≤ 20%: ${memory <= 0.2 ? 'met' : 'NOT met'})`,
      );
    }
  }
  return lines;
}

export function rssSection(run: RssRun, source: string): string {
  return [
    `${source}: ${fmtMiB(run.inputBytes)} recording (${(run.payloadBytes / MB).toFixed(0)} MB payload, ${run.exchanges} exchanges) read in ${(run.wallMs / 1000).toFixed(1)} s, RSS sampled every 100 ms (${run.samples} samples):`,
    '',
    table(
      ['RSS at 0 %', '25 %', '50 %', '75 %', '100 % of the run', 'peak', 'slope over the second half'],
      [[...run.quartiles.map(fmtMiB), fmtMiB(run.peakRss), `${(run.slopePerGiB / MiB).toFixed(1)} MiB per GiB read`]],
    ),
  ].join('\n');
}

export function connectionsSection(runs: Array<{ protocol: string; what: string; run: OpenConnectionsRun }>, bound: number): string {
  const rows = runs.map(({ protocol, what, run }) => [
    protocol,
    what,
    String(run.open),
    `${(run.heapPerConnection / 1024).toFixed(1)} KiB`,
    `${(run.rssPerConnection / 1024).toFixed(1)} KiB`,
    fmtMiB(run.peakRss),
    run.heapPerConnection <= bound && run.rssPerConnection <= bound ? `within ${bound / 1024} KiB` : `OVER ${bound / 1024} KiB`,
    `${run.emittedWhileOpen} / ${run.emittedAtEnd}`,
  ]);
  return table(['protocol', 'request each connection sent', 'open', 'JS heap + external per conn', 'RSS per conn', 'peak RSS', 'bound', 'exchanges while open / at end'], rows);
}

export function latencySection(runs: Array<{ label: string; run: LatencyRun }>): string {
  const ms = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
  const rows = runs.map(({ label, run }) => [
    label,
    `${run.exchanges} (${run.exchanges - run.withoutEvent} timed)`,
    `${ms(run.arrivalMs.p50)} / ${ms(run.arrivalMs.p99)} / ${ms(run.arrivalMs.max)}`,
    `${ms(run.pickupMs.p50)} / ${ms(run.pickupMs.p99)} / ${ms(run.pickupMs.max)}`,
  ]);
  return table(['recording (replayed in real time)', 'exchanges', 'last event arrival → yield ms p50 / p99 / max', 'pickup → yield ms p50 / p99 / max'], rows);
}

export function profileSection(profile: ProfileSummary): string {
  const areas = profile.areas.filter((a) => a.share >= 0.01);
  return [
    'By area (self time):',
    '',
    table(['area', 'self ms', 'share'], areas.map((a) => [a.area, a.ms.toFixed(0), `${(100 * a.share).toFixed(1)}%`])),
    '',
    'Top functions (self time):',
    '',
    table(
      ['self ms', 'share', 'function'],
      profile.entries.map((e) => [e.ms.toFixed(0), `${(100 * e.share).toFixed(1)}%`, e.name.replace(/\|/g, '\\|')]),
    ),
  ].join('\n');
}
