// replicateChunks: N copies of a fixture's stream, each a distinct client (address, pids, time),
// with the bytes unchanged.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseChunksJsonl, readEvents, replicateChunks } from '../support/tap/index.js';
import type { ReadConnect, ReadData } from '../support/tap/index.js';

const load = (name: string) =>
  parseChunksJsonl(readFileSync(new URL(`../../fixtures/ecapture/${name}/chunks.jsonl`, import.meta.url), 'utf8'));

describe('replicateChunks', () => {
  it('raw: each copy has its own client address and pids, later timestamps, the same payloads', () => {
    const chunks = load('h1-get-json');
    const base = chunks.flatMap((c) => (c.kind === 'data' ? [c] : []));
    const events = readEvents(replicateChunks(chunks, 3, { dialect: 'raw' })) as ReadData[];
    assert.equal(events.length, 3 * base.length);
    const pidsByCopy: number[][] = [];
    for (let copy = 0; copy < 3; copy++) {
      const mine = events.slice(copy * base.length, (copy + 1) * base.length);
      mine.forEach((e, i) => {
        assert.ok(Buffer.from(e.data).equals(base[i]!.data));
        assert.equal(e.tuple?.client.ip, `10.0.0.${copy}`);
        assert.equal(e.tuple?.client.port, 40324);
        assert.deepEqual(e.tuple?.server, { ip: '127.0.0.1', port: 28100 });
        assert.equal(e.tsNs! > base[i]!.tsNs || copy === 0, true);
      });
      pidsByCopy.push([...new Set(mine.map((e) => e.pid))]);
      if (copy > 0) {
        const prevLast = events[copy * base.length - 1]!.tsNs!;
        assert.ok(mine[0]!.tsNs! > prevLast, 'copies follow one another in time');
      }
    }
    const allPids = pidsByCopy.flat();
    assert.equal(new Set(allPids).size, allPids.length, 'no pid shared between copies');
  });

  it('v2: connect lines carry the copy\'s address; (pid, fd) never collides across copies', () => {
    const chunks = load('h2-post');
    const events = readEvents(replicateChunks(chunks, 2, { dialect: 'v2' }));
    const connects = events.filter((e): e is ReadConnect => e.kind === 'connect' && !e.destroy);
    assert.deepEqual(
      connects.map((c) => c.tuple.client.ip),
      ['10.0.0.0', '10.0.0.0', '10.0.0.1', '10.0.0.1'],
    );
    const keys = connects.map((c) => `${c.pid}/${c.fd}`);
    assert.equal(new Set(keys).size, keys.length);
    const data = events.filter((e): e is ReadData => e.kind === 'data');
    const base = chunks.flatMap((c) => (c.kind === 'data' ? [c.data] : []));
    assert.equal(data.length, 2 * base.length);
    data.forEach((e, i) => assert.ok(Buffer.from(e.data).equals(base[i % base.length]!)));
    assert.equal(events.filter((e) => e.kind === 'connect' && e.destroy).length, 4);
  });

  it('is lazy and bounded: 1000 copies stream without being held in memory', () => {
    const chunks = load('h1-get-json');
    let count = 0;
    for (const message of replicateChunks(chunks, 1000, { dialect: 'v2' })) {
      assert.ok(message.length > 0);
      count++;
    }
    assert.equal(count, 1000 * 4); // per copy: 1 connect, 2 data lines, 1 destroy
  });

  it('rejects a copy count it cannot give distinct addresses', () => {
    const chunks = load('h1-get-json');
    assert.throws(() => [...replicateChunks(chunks, -1, { dialect: 'raw' })], RangeError);
    assert.deepEqual([...replicateChunks(chunks, 0, { dialect: 'raw' })], []);
  });
});
