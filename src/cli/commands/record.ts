// `record <ws-url> -o FILE`: the WebSocket's messages, byte-exact, as a size-delimited recording.

import { parseArgs } from 'node:util';
import { record } from '../../source/recorder.js';
import { CliUsageError } from '../cli-error.js';
import type { CommandContext } from '../command.js';

export const help = `Usage: ecapture-http record <ws-url> -o FILE [options]

Records every WebSocket message of eCapture (--ecaptureq) byte-exact into FILE (.ldpb:
varint length + LogEntry). Gaps (reconnects, drops) are written as run-log lines so a replay
shows them. Stops on SIGINT/SIGTERM, or with --no-reconnect when the server closes.

Options:
  -o, --output FILE   the recording to write (required)
  --no-reconnect      end when the server closes
  --origin URL        Origin header (default http://localhost/)`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { output: { type: 'string', short: 'o' }, 'no-reconnect': { type: 'boolean' }, origin: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) return ctx.print(help);
  if (positionals.length !== 1 || !/^wss?:\/\//i.test(positionals[0]!)) throw new CliUsageError("record takes one ws:// URL; see 'ecapture-http record --help'");
  if (!values.output) throw new CliUsageError('record needs -o FILE');
  const options: Parameters<typeof record>[2] = { signal: ctx.signal };
  if (values['no-reconnect']) options.reconnect = false;
  if (values.origin) options.origin = values.origin;
  const result = await record(positionals[0]!, values.output, options);
  ctx.stderr.write(`recorded ${result.messages} messages (${result.bytes} bytes, ${result.gaps} gaps) to ${values.output}\n`);
  return 0;
}
