// The package installs and runs from its tarball: `npm pack`, install it in an empty folder,
// run the `ecapture-http` bin and import the library, on the running Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm pack tarball installs, its bin prints help and the library imports', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecapture-http-pack-'));
  try {
    execFileSync(NPM, ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    execFileSync(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });

    const help = execFileSync(join(app, 'node_modules', '.bin', 'ecapture-http'), ['--help'], { cwd: app, encoding: 'utf8' });
    assert.match(help, /Usage: ecapture-http <command>/);
    assert.match(help, /demo/);

    const imported = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('ecapture-http'); console.log(typeof m.connect, typeof m.read, typeof m.HarWriter, typeof m.decodeLogEntry)"],
      { cwd: app, encoding: 'utf8' },
    );
    assert.equal(imported.trim(), 'function function function function');

    // The bundled demo recording ships in the tarball and the packaged CLI reads it.
    const demoLines = execFileSync(join(app, 'node_modules', '.bin', 'ecapture-http'), ['read', join(app, 'node_modules', 'ecapture-http', 'fixtures', 'demo', 'demo.ldpb')], { cwd: app, encoding: 'utf8' });
    assert.ok(demoLines.split('\n').filter((l) => / 200 /.test(l)).length >= 10, demoLines);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
