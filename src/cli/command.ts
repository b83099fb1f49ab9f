// What every CLI command gets: where to write and the signal that SIGINT/SIGTERM abort.

import type { Writable } from 'node:stream';

export interface CommandContext {
  stdout: Writable;
  stderr: Writable;
  signal: AbortSignal;
  /** Print a text (help) and return exit code 0. */
  print(text: string): number;
}

export interface Command {
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}
