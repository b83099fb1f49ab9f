#!/usr/bin/env node
// ecapture-http: the command-line entry. One clear line and a non-zero exit on errors;
// SIGINT/SIGTERM abort the running command, which flushes and closes what it has open.

import type { Command, CommandContext } from './command.js';
import { CliUsageError, describeError } from './cli-error.js';
import * as demo from './commands/demo.js';
import * as events from './commands/events.js';
import * as har from './commands/har.js';
import * as read from './commands/read.js';
import * as record from './commands/record.js';
import * as replay from './commands/replay.js';

const COMMANDS: Record<string, Command> = { events, read, har, record, replay, demo };

const HELP = `Usage: ecapture-http <command> [options]

Turns eCapture's eCaptureQ WebSocket stream (eCapture --ecaptureq ws://HOST:PORT/) into paired,
decoded HTTP/1.x and HTTP/2 exchanges.

Commands:
  read <source>            one line (or --format ndjson object) per HTTP exchange
  har <source> [-o FILE]   HAR 1.2
  events <source>          every decoded message as NDJSON
  record <ws-url> -o FILE  record the WebSocket byte-exact
  replay <file>            serve a recording like eCapture does
  demo                     replay a bundled recording through the real WebSocket path

A <source> is a ws:// URL or a recording path. 'ecapture-http <command> --help' for details.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return name === undefined ? 1 : 0;
  }
  if (name === '--version') {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ecapture-http: unknown command '${name}'; see 'ecapture-http --help'\n`);
    return 2;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const ctx: CommandContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
    print(text: string) {
      process.stdout.write(text + '\n');
      return 0;
    },
  };
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (controller.signal.aborted && (error as { name?: string }).name === 'AbortError') return 0;
    process.stderr.write(`ecapture-http ${name}: ${describeError(error)}\n`);
    return error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ecapture-http: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
