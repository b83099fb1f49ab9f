// Reads the fixture ground truth (chunks.jsonl, summary.txt) for the decode/recording tests.
// Only fixture files are parsed here; nothing comes from the code under test.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(REPO_ROOT, 'fixtures', 'ecapture');

export interface DataChunk {
  kind: 'data';
  t_ms: number;
  ts_ns: bigint;
  conn?: string;
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  data_type: 0 | 1;
  tuple?: string;
  data: Buffer;
}

export interface CloseChunk {
  kind: 'close';
  conn: string;
  pid: number;
  fd: number;
  tuple?: string;
}

export type Chunk = DataChunk | CloseChunk;

export function scenarios(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
    .sort();
}

export function ldpbFiles(scenario: string): string[] {
  return readdirSync(join(FIXTURES, scenario))
    .filter((name) => name.endsWith('.ldpb'))
    .sort();
}

export function readChunks(scenario: string): Chunk[] {
  const text = readFileSync(join(FIXTURES, scenario, 'chunks.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // ts_ns exceeds 2^53 in some fixtures: read it as text.
      const tsText = /"ts_ns":\s*(\d+)/.exec(line)?.[1] ?? '0';
      const o = JSON.parse(line) as Record<string, unknown>;
      if (o['event'] === 'close') {
        const close: CloseChunk = { kind: 'close', conn: String(o['conn']), pid: Number(o['pid']), fd: Number(o['fd']) };
        if (typeof o['tuple'] === 'string') close.tuple = o['tuple'];
        return close;
      }
      const data: DataChunk = {
        kind: 'data',
        t_ms: Number(o['t_ms']),
        ts_ns: BigInt(tsText),
        pid: Number(o['pid']),
        tid: Number(o['tid']),
        comm: String(o['comm']),
        fd: Number(o['fd']),
        data_type: Number(o['data_type']) === 1 ? 1 : 0,
        data: Buffer.from(String(o['data_b64']), 'base64'),
      };
      if (typeof o['conn'] === 'string') data.conn = o['conn'];
      if (typeof o['tuple'] === 'string') data.tuple = o['tuple'];
      return data;
    });
}

export interface SummaryLine {
  kind: 'EVENT' | 'RUN_LOG' | 'HEARTBEAT';
  /** EVENT only. */
  typeName?: string;
  len?: number;
  uuid?: string;
  ts?: bigint;
}

/** The lines of one `## <file>` section of summary.txt; undefined when the section is absent. */
export function summarySection(scenario: string, file: string): SummaryLine[] | undefined {
  const text = readFileSync(join(FIXTURES, scenario, 'summary.txt'), 'utf8');
  const lines = text.split('\n');
  const start = lines.indexOf(`## ${file}`);
  if (start < 0) return undefined;
  const out: SummaryLine[] = [];
  for (let i = start + 1; i < lines.length && !lines[i]!.startsWith('## '); i++) {
    const line = lines[i]!;
    const m = /^\s*\d+ (EVENT|RUN_LOG|HEARTBEAT)\b/.exec(line);
    if (!m) continue;
    const entry: SummaryLine = { kind: m[1] as SummaryLine['kind'] };
    if (entry.kind === 'EVENT') {
      const e = /type=(\w+) len=(\d+) uuid=(\S+) ts=(\d+)/.exec(line);
      if (e) {
        entry.typeName = e[1]!;
        entry.len = Number(e[2]);
        entry.uuid = e[3]!;
        entry.ts = BigInt(e[4]!);
      }
    }
    out.push(entry);
  }
  return out;
}

export const TYPE_NUMBERS: Record<string, number> = { HttpRequest: 1, Http2Request: 2, HttpResponse: 3, Http2Response: 4 };
