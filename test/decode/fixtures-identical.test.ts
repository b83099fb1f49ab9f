// fixtures/ecapture must stay byte-identical to the shared originals (../shared from the repo).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, REPO_ROOT } from './fixture-files.js';

const SHARED = join(REPO_ROOT, '..', 'shared', 'fixtures', 'ecapture');

function listFiles(root: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(root, path, out);
    else out.push(relative(root, path));
  }
  return out;
}

test('fixtures/ecapture is byte-identical to ../shared/fixtures/ecapture', (t) => {
  if (!existsSync(SHARED)) {
    t.skip(`../shared/fixtures/ecapture not found (looked at ${SHARED}); nothing to compare against`);
    return;
  }
  const ours = listFiles(FIXTURES);
  const shared = listFiles(SHARED);
  assert.deepEqual(ours, shared, 'same file list');
  assert.ok(ours.length > 50, `expected the full fixture set, found ${ours.length} files`);
  for (const file of ours) {
    const a = readFileSync(join(FIXTURES, file));
    const b = readFileSync(join(SHARED, file));
    assert.ok(a.equals(b), `${file} differs from the shared copy`);
  }
});
