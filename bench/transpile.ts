// Measured children run as plain JavaScript under plain `node`: the tsx loader adds ~55 MB of RSS
// and a loader thread, which would distort peak-RSS comparisons and profiles. This transpiles an
// entry file and every relative import it reaches (TypeScript's transpileModule: no type check,
// the project's own compiler) to bench/out/js/<same path>.js, skipping files that are up to date.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm;

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  sourceMap: false,
};

/** `entry` (repo-relative .ts) → the path of its JS twin; transpiles what changed. */
export function transpileTree(root: string, entry: string, outDir: string): string {
  const seen = new Set<string>();
  const queue = [resolve(root, entry)];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const file = queue[i]!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    if (!existsSync(target) || statSync(target).mtimeMs < statSync(file).mtimeMs) {
      const output = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName: file }).outputText;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, output);
    }
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (!spec || !spec.endsWith('.js')) continue;
      const next = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (existsSync(next)) queue.push(next);
    }
  }
  return join(outDir, entry).replace(/\.ts$/, '.js');
}
