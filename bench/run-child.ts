// Runs one measured child process (ours or tshark) the same way for both: wall time from spawn to
// exit, and peak RSS from GNU time (`%M`, the kernel's ru_maxrss) when /usr/bin/time exists, else
// from polling /proc/<pid>/status VmHWM. Optionally samples VmRSS every `sampleRssMs`. Bounded by
// `timeoutMs` (the child is killed, the promise rejects).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peakRssOf } from './read-proc-status.js';

const GNU_TIME = '/usr/bin/time';

export interface ChildRun {
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak RSS of the child in bytes. */
  peakRss: number;
  /** user + system CPU of the child (GNU time only; NaN otherwise). */
  cpuMs: number;
  /** [ms since start, RSS bytes] samples when asked for. */
  rssSamples: Array<[number, number]>;
}

export interface ChildOptions {
  timeoutMs: number;
  sampleRssMs?: number;
  env?: NodeJS.ProcessEnv;
}

function vmRss(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

let runCounter = 0;

export function runChild(command: string, args: readonly string[], options: ChildOptions): Promise<ChildRun> {
  const useTime = existsSync(GNU_TIME);
  const timeFile = join(tmpdir(), `ecapture-bench-time-${process.pid}-${runCounter++}.txt`);
  const argv = useTime ? ['-f', '%M %e %U %S', '-o', timeFile, command, ...args] : [...args];
  const started = performance.now();
  const child = spawn(useTime ? GNU_TIME : command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const rssSamples: Array<[number, number]> = [];
  let polledPeak = 0;
  // With GNU time in between, the measured process is its child: find it once it exists.
  const measuredPid = (): number | undefined => {
    if (!useTime) return child.pid;
    try {
      const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/);
      return children[0] ? Number(children[0]) : undefined;
    } catch {
      return undefined;
    }
  };
  const poll = (): void => {
    const pid = measuredPid();
    if (pid === undefined) return;
    if (!useTime) polledPeak = Math.max(polledPeak, peakRssOf(pid) ?? 0);
    if (options.sampleRssMs !== undefined) {
      const rss = vmRss(pid);
      if (rss !== undefined) rssSamples.push([performance.now() - started, rss]);
    }
  };
  const interval = options.sampleRssMs ?? (useTime ? undefined : 50);
  const sampler = interval === undefined ? undefined : setInterval(poll, interval);
  return new Promise<ChildRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no exit within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      let peakRss = polledPeak;
      let cpuMs = Number.NaN;
      if (useTime && existsSync(timeFile)) {
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const [maxKb, , user, system] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
        peakRss = (maxKb ?? 0) * 1024;
        cpuMs = ((user ?? 0) + (system ?? 0)) * 1000;
        rmSync(timeFile, { force: true });
      }
      if (code !== 0) {
        reject(new Error(`${command} ${args.slice(0, 4).join(' ')} … exited with ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ stdout, stderr, wallMs, peakRss, cpuMs, rssSamples });
    });
  });
}

/** The last stdout line of a child as JSON (children print one result line last). */
export function lastJson<T>(run: ChildRun): T {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
