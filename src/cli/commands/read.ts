// `read <source>`: one line per exchange, or one OpenTelemetry-named JSON object per exchange.

import { parseArgs } from 'node:util';
import { read } from '../../api/connect.js';
import { NdjsonWriter } from '../../sink/ndjson.js';
import { formatExchangeLine } from '../format-exchange.js';
import { LineWriter, isBrokenPipe } from '../output.js';
import { SOURCE_HELP, SOURCE_OPTIONS, oneSource, sourceOptions } from '../source-args.js';
import { redactOption } from '../redact-args.js';
import { CliUsageError } from '../cli-error.js';
import type { CommandContext } from '../command.js';

export const help = `Usage: ecapture-http read <source> [options]

Prints the HTTP exchanges of the source: every request paired with its response, headers decoded,
bodies de-chunked and decompressed, with the process behind each request.

Options:
  --format text|ndjson  one line per exchange (default), or one JSON object per exchange with
                        OpenTelemetry HTTP semantic-convention names (see README)
  --redact              remove Cookie, Set-Cookie, Authorization, Proxy-Authorization and URL
                        credentials (ndjson)
  --redact-header NAME  also remove this header (repeatable)
  --reconnect           with a URL: keep reconnecting (default for read: end when the server closes)
${SOURCE_HELP}`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...SOURCE_OPTIONS, format: { type: 'string', default: 'text' }, redact: { type: 'boolean' }, 'redact-header': { type: 'string', multiple: true }, reconnect: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) return ctx.print(help);
  const source = oneSource(positionals, 'read');
  if (values.format !== 'text' && values.format !== 'ndjson') throw new CliUsageError(`--format must be text or ndjson, not '${values.format}'`);
  const options = sourceOptions(values, ctx.signal);
  if (values.reconnect) options.noReconnect = false;
  const exchanges = read(source, options);
  if (values.format === 'ndjson') {
    const redact = redactOption(values.redact, values['redact-header']);
    const writer = new NdjsonWriter(ctx.stdout, redact ? { redact } : {});
    try {
      for await (const x of exchanges) await writer.write(x);
      await writer.close();
    } catch (error) {
      // `read --format ndjson … | head`: the reader went away; stop quietly, as the text form does.
      if (isBrokenPipe(error)) return 0;
      throw error;
    }
    return 0;
  }
  const out = new LineWriter(ctx.stdout);
  for await (const x of exchanges) {
    await out.line(formatExchangeLine(x));
    if (!out.open) break;
  }
  return 0;
}
