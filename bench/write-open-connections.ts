// Recordings for the open-connection memory figure: N connections that each sent one real request
// (a fixture's first client write: curl's HTTP/1.1 GET, or nghttp/curl's HTTP/2 preface + SETTINGS
// + HEADERS) and got no response yet. Built with the tap's replicateChunks, so every copy has its
// own client address and pid: N distinct open connections.

import { existsSync, readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { parseChunksJsonl, replicateChunks, writeDelimitedFile } from '../test/support/tap/index.js';
import type { FixtureChunk, TapProtocol } from '../test/support/tap/index.js';

const SOURCE: Record<TapProtocol, { scenario: string; what: string }> = {
  http1: { scenario: 'h1-get-json', what: 'curl GET, 83 bytes' },
  http2: { scenario: 'h2-curl-prior-knowledge', what: 'curl preface + SETTINGS + WINDOW_UPDATE + HEADERS, 109 bytes' },
};

export function openRequestDescription(protocol: TapProtocol): string {
  return SOURCE[protocol].what;
}

/** Writes (unless cached) the recording and returns its path. */
export async function writeOpenConnections(fixturesDir: string, protocol: TapProtocol, count: number, outDir: string): Promise<string> {
  const path = join(outDir, `open-${protocol}-${count}-raw.ldpb`);
  if (existsSync(path)) return path;
  const { scenario } = SOURCE[protocol];
  const chunks = parseChunksJsonl(readFileSync(join(fixturesDir, scenario, 'chunks.jsonl'), 'utf8'));
  const firstWrite = chunks.find((c): c is Extract<FixtureChunk, { kind: 'data' }> => c.kind === 'data' && c.dataType === 1);
  if (!firstWrite) throw new Error(`${scenario}: no client write`);
  const protocols = new Map([[firstWrite.conn ?? '', protocol]]);
  const partial = `${path}.partial`;
  await writeDelimitedFile(partial, replicateChunks([firstWrite], count, { dialect: 'raw', protocols }));
  await rename(partial, path);
  return path;
}
