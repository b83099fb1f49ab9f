// `har <source> [-o FILE]`: HAR 1.2, written entry by entry; always closed as valid JSON.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { read } from '../../api/connect.js';
import { HarWriter } from '../../sink/har/har-writer.js';
import { SOURCE_HELP, SOURCE_OPTIONS, integer, oneSource, sourceOptions } from '../source-args.js';
import { redactOption } from '../redact-args.js';
import { isBrokenPipe } from '../output.js';
import type { CommandContext } from '../command.js';

export const help = `Usage: ecapture-http har <source> [-o FILE] [options]

Writes the exchanges of the source as HAR 1.2 (Chrome DevTools, HAR viewers, httpsnippet …).
Entries are streamed out as exchanges complete; on SIGINT/SIGTERM the pending exchanges are
flushed (flagged) and the file is closed as valid JSON.

Options:
  -o, --output FILE        write to FILE instead of stdout
  --max-har-body BYTES     leave bodies larger than this out (with a comment); default 16 MiB
  --redact                 remove Cookie, Set-Cookie, Authorization, Proxy-Authorization,
                           cookies[] and URL credentials
  --redact-header NAME     also remove this header (repeatable)
  --reconnect              with a URL: keep reconnecting (default: end when the server closes)
${SOURCE_HELP}`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...SOURCE_OPTIONS,
      output: { type: 'string', short: 'o' },
      'max-har-body': { type: 'string' },
      redact: { type: 'boolean' },
      'redact-header': { type: 'string', multiple: true },
      reconnect: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) return ctx.print(help);
  const source = oneSource(positionals, 'har');
  const options = sourceOptions(values, ctx.signal);
  if (values.reconnect) options.noReconnect = false;
  const redact = redactOption(values.redact, values['redact-header']);
  const harOptions: ConstructorParameters<typeof HarWriter>[1] = {};
  if (redact) harOptions.redact = redact;
  if (values['max-har-body'] !== undefined) harOptions.maxBodyBytes = integer('--max-har-body', values['max-har-body'], 0, 2 ** 31);
  // Only once every option is valid (a usage error must not truncate an existing file), and opened
  // before the capture starts, so a bad path fails now rather than at the first exchange.
  const file = values.output ? createWriteStream(values.output) : undefined;
  if (file) await once(file, 'open');
  const out = file ?? ctx.stdout;
  const writer = new HarWriter(out, harOptions);
  try {
    try {
      for await (const x of read(source, options)) await writer.write(x);
    } finally {
      await writer.close(ctx.signal.aborted ? 'capture interrupted: pending exchanges were flushed and flagged' : undefined);
      if (file) await new Promise<void>((resolve) => file.end(() => resolve()));
    }
  } catch (error) {
    // `har … | head`: the reader of stdout went away; there is nobody left to tell.
    if (!file && isBrokenPipe(error)) return 0;
    throw error;
  }
  return 0;
}
