// Runs the real CLI (`node --import tsx src/cli/main.ts …`) as a child process, bounded in time:
// every child is killed when its deadline passes or when the test ends (`killAll`).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const running = new Set<CliChild>();

/** A running CLI child: its output so far, waits on it, and its exit. */
export class CliChild {
  readonly process: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  #deadline: NodeJS.Timeout;

  constructor(args: string[], deadlineMs: number) {
    this.process = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], { cwd: REPO, stdio: 'pipe' });
    this.process.stdout.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    this.process.stderr.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.process.stdin.end();
    this.#deadline = setTimeout(() => this.kill(), deadlineMs);
    running.add(this);
    this.exited = new Promise<CliResult>((resolve) => {
      this.process.once('close', (code, signal) => {
        clearTimeout(this.#deadline);
        running.delete(this);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** Resolves with the match once stderr matches `pattern`; rejects after `timeoutMs` or on exit. */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return this.#waitFor(() => pattern.exec(this.stderr) ?? undefined, timeoutMs, `stderr matching ${pattern}`);
  }

  /** Polls `check` every 50 ms until it returns a value; rejects after `timeoutMs` or on exit. */
  #waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return pollUntil(check, timeoutMs, what, () => this.process.exitCode !== null || this.process.signalCode !== null);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
  }
}

/** Polls `check` every 50 ms; rejects after `timeoutMs`, or when `gaveUp()` says it never will. */
export async function pollUntil<T>(check: () => T | undefined, timeoutMs: number, what: string, gaveUp: () => boolean = () => false): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (gaveUp()) throw new Error(`gave up waiting for ${what}: the process ended`);
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the CLI; it is SIGKILLed after `deadlineMs` (default 30 s) or by killAll(). */
export function startCli(args: string[], deadlineMs = 30_000): CliChild {
  return new CliChild(args, deadlineMs);
}

/** Runs the CLI to its end (SIGKILLed after `deadlineMs`, default 30 s). */
export function runCli(args: string[], deadlineMs = 30_000): Promise<CliResult> {
  return startCli(args, deadlineMs).exited;
}

/** Runs several CLI invocations, at most `concurrency` at a time (2 cores: keep it small). */
export async function runClis(argsList: string[][], concurrency = 2, deadlineMs = 30_000): Promise<CliResult[]> {
  const results: CliResult[] = new Array<CliResult>(argsList.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < argsList.length) {
      const index = next++;
      results[index] = await runCli(argsList[index]!, deadlineMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, argsList.length) }, worker));
  return results;
}

/** Kills every child still running (for `after` hooks) and waits until they are gone. */
export async function killAll(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill();
  await Promise.all(children.map((child) => child.exited));
}

/** A Node stack trace line (`    at fn (file:line:col)`), which the CLI must never print. */
export const STACK_TRACE = /^\s+at .+[:(]/m;
