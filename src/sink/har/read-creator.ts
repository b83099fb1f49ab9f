// `log.creator` is this package: its name and version come from package.json, found by walking up
// from this module so it works from src/ (tsx) and from dist/ alike.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'ecapture-http';
const MAX_LEVELS = 8;

export interface PackageIdentity {
  name: string;
  version: string;
}

let cached: PackageIdentity | undefined;

/**
 * The package's name and version. `fromDir` is where the search starts (default: this module's
 * folder); it stops at the first package.json named `ecapture-http`. Version `unknown` when none.
 */
export function readPackageIdentity(fromDir?: string): PackageIdentity {
  if (fromDir === undefined && cached) return cached;
  let dir = fromDir ?? dirname(fileURLToPath(import.meta.url));
  let found: PackageIdentity = { name: PACKAGE_NAME, version: 'unknown' };
  for (let level = 0; level < MAX_LEVELS; level++) {
    const identity = readIdentity(join(dir, 'package.json'));
    if (identity) {
      found = identity;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (fromDir === undefined) cached = found;
  return found;
}

function readIdentity(path: string): PackageIdentity | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { name, version } = parsed as { name?: unknown; version?: unknown };
    if (name !== PACKAGE_NAME || typeof version !== 'string') return undefined;
    return { name, version };
  } catch {
    return undefined;
  }
}
