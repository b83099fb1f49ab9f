// Before/after in one run: builds bench/out/baseline-<rev>/src = today's src/ with every file under
// `paths` (default all of src/) that differs from git revision <rev> put back as it was there
// (files new since <rev> removed). Only
// read-only git commands (diff, ls-files, show). run.ts then measures that tree's pipeline too.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Returns the baseline directory (holding src/) and the files that differ. */
export function makeBaseline(root: string, rev: string, outDir: string, paths: readonly string[] = ['src']): { dir: string; changed: string[] } {
  if (!/^[\w./~^-]+$/.test(rev)) throw new Error(`--baseline-rev: not a revision: ${rev}`);
  const dir = join(outDir, `baseline-${rev.replace(/[^\w.-]/g, '_')}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  for (const path of paths) if (!/^src(\/[\w./-]*)?$/.test(path)) throw new Error(`--baseline-paths: ${path} is not under src/`);
  const modified = git(root, ['diff', '--name-only', rev, '--', ...paths]).split('\n').filter(Boolean);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', ...paths]).split('\n').filter(Boolean);
  for (const file of untracked) rmSync(join(dir, file), { force: true });
  for (const file of modified) {
    let before: Buffer | undefined;
    try {
      before = execFileSync('git', ['show', `${rev}:${file}`], { cwd: root, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      before = undefined; // added since rev
    }
    const target = join(dir, file);
    if (before === undefined) rmSync(target, { force: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, before);
    }
  }
  return { dir, changed: [...modified, ...untracked].sort() };
}
