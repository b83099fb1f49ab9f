// The tap's event writer against the fixtures: rendering each fixture's chunks.jsonl must give
// stream-raw.ldpb and stream-v2.ldpb byte for byte (they come from the fixtures' own generator).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  fixtureCalls,
  fixtureConnectionKey,
  frameDelimited,
  inferFixtureProtocols,
  joinData,
  parseChunksJsonl,
  readEvents,
  renderCalls,
  splitDelimited,
} from '../support/tap/index.js';
import type { FixtureChunk, TapProtocol } from '../support/tap/index.js';

const ROOT = new URL('../../fixtures/ecapture/', import.meta.url).pathname;
const SCENARIOS = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'chunks.jsonl')))
  .map((d) => d.name)
  .sort();

interface ExpectedJson {
  connections: Array<{ conn_id: string; protocol: string; client_write_bytes: number; client_read_bytes: number }>;
}

function load(scenario: string): { chunks: FixtureChunk[]; expected?: ExpectedJson } {
  const dir = join(ROOT, scenario);
  const chunks = parseChunksJsonl(readFileSync(join(dir, 'chunks.jsonl'), 'utf8'));
  const expectedPath = join(dir, 'expected.json');
  if (!existsSync(expectedPath)) return { chunks };
  return { chunks, expected: JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedJson };
}

function protocolsFrom(expected: ExpectedJson | undefined): Map<string, TapProtocol> | undefined {
  if (!expected) return undefined;
  return new Map(expected.connections.map((c) => [c.conn_id, c.protocol === 'HTTP/2' ? 'http2' : 'http1'] as const));
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe('fixture chunks.jsonl rendered by the tap writer', () => {
  it('finds the nine fixture scenarios', () => {
    assert.equal(SCENARIOS.length, 9, SCENARIOS.join(', '));
  });

  for (const scenario of SCENARIOS) {
    describe(scenario, () => {
      const { chunks, expected } = load(scenario);
      const calls = fixtureCalls(chunks, { protocols: protocolsFrom(expected) });

      for (const dialect of ['raw', 'v2'] as const) {
        it(`equals stream-${dialect}.ldpb byte for byte`, () => {
          const want = new Uint8Array(readFileSync(join(ROOT, scenario, `stream-${dialect}.ldpb`)));
          const got = frameDelimited(renderCalls(calls, dialect));
          const at = firstDifference(got, want);
          assert.equal(at, -1, `first difference at byte ${at} (got ${got.length} B, want ${want.length} B)`);
        });
      }

      it('infers the same protocol per connection as expected.json (or the README rule)', () => {
        const inferred = inferFixtureProtocols(chunks);
        const truth = protocolsFrom(expected);
        if (truth) assert.deepEqual([...inferred].sort(), [...truth].sort());
        else assert.ok(inferred.size > 0);
      });

      it('reads back from the fixture files to the chunks.jsonl bytes, per connection and direction', () => {
        for (const dialect of ['raw', 'v2'] as const) {
          const events = readEvents(splitDelimited(new Uint8Array(readFileSync(join(ROOT, scenario, `stream-${dialect}.ldpb`)))));
          const keys = new Set(chunks.map(fixtureConnectionKey));
          for (const key of keys) {
            const mine = chunks.filter((c) => c.kind === 'data' && fixtureConnectionKey(c) === key);
            const first = mine[0];
            if (!first || first.kind !== 'data') continue;
            for (const dataType of [0, 1] as const) {
              const want = Buffer.concat(mine.flatMap((c) => (c.kind === 'data' && c.dataType === dataType ? [c.data] : [])));
              const got = joinData(
                events,
                (e) => e.pid === first.pid && e.fd === first.fd && e.direction === (dataType === 1 ? 'write' : 'read'),
              );
              assert.ok(got.equals(want), `${dialect} ${key} data_type ${dataType}`);
            }
          }
          if (expected) {
            for (const c of expected.connections) {
              const ofConn = chunks.filter((x) => x.conn === c.conn_id && x.kind === 'data');
              const pid = ofConn[0]?.pid;
              const written = joinData(events, (e) => e.pid === pid && e.direction === 'write').length;
              const read = joinData(events, (e) => e.pid === pid && e.direction === 'read').length;
              assert.deepEqual([written, read], [c.client_write_bytes, c.client_read_bytes], `${dialect} ${c.conn_id} byte counts`);
            }
          }
        }
      });
    });
  }
});
