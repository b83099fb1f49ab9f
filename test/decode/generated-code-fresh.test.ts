// src/gen/ecaptureq_pb.ts must be exactly what `buf generate` makes from proto/ with buf.gen.yaml.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fixture-files.js';

test('src/gen/ecaptureq_pb.ts matches a fresh `buf generate`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-gen-'));
  try {
    const template = readFileSync(join(REPO_ROOT, 'buf.gen.yaml'), 'utf8');
    const out = join(dir, 'out');
    const redirected = template.replace(/^(\s*out:\s*)src\/gen\s*$/m, `$1${out}`);
    assert.notEqual(redirected, template, 'buf.gen.yaml must have an `out: src/gen` line to redirect');
    const templatePath = join(dir, 'buf.gen.yaml');
    writeFileSync(templatePath, redirected);
    execFileSync('npx', ['--no-install', 'buf', 'generate', '--template', templatePath], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const fresh = readFileSync(join(out, 'ecaptureq_pb.ts'));
    const committed = readFileSync(join(REPO_ROOT, 'src', 'gen', 'ecaptureq_pb.ts'));
    assert.ok(fresh.equals(committed), 'src/gen/ecaptureq_pb.ts is stale: run `npm run generate`');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
