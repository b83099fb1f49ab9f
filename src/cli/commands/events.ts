// `events <source>`: every decoded record as one NDJSON line.

import { parseArgs } from 'node:util';
import { openSource } from '../../source/open-source.js';
import { recordToJson } from '../record-json.js';
import { LineWriter } from '../output.js';
import { SOURCE_HELP, SOURCE_OPTIONS, oneSource, sourceOptions } from '../source-args.js';
import type { CommandContext } from '../command.js';

export const help = `Usage: ecapture-http events <source> [options]

Prints every message of the source decoded, one JSON object per line: heartbeats, run logs,
captured events (dialect, pid, tid, comm, fd, direction, tuple, time, payload as base64 with a
printable preview), undecodable frames, and the source's own connected/disconnected/gap records.

${SOURCE_HELP}`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SOURCE_OPTIONS, allowPositionals: true });
  if (values.help) return ctx.print(help);
  const source = oneSource(positionals, 'events');
  const options = sourceOptions(values, ctx.signal);
  const out = new LineWriter(ctx.stdout);
  for await (const record of openSource(source, options)) {
    await out.line(JSON.stringify(recordToJson(record)));
    if (!out.open) break;
  }
  return 0;
}
