// The bundled demo recording is what the builder makes from the current fixtures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

test('fixtures/demo/demo.ldpb is rebuilt byte-identically from fixtures/ecapture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-demo-'));
  try {
    const out = join(dir, 'demo.ldpb');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-demo-recording.ts', out], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(readFileSync(out).equals(readFileSync(join(ROOT, 'fixtures/demo/demo.ldpb'))), 'run the script to refresh the demo recording');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
