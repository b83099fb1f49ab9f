// `replay <file> [--port N] [--realtime]`: serve a recording the way eCapture serves its stream.

import { parseArgs } from 'node:util';
import { startReplayServer } from '../../source/replay-server.js';
import { CliUsageError } from '../cli-error.js';
import { integer } from '../source-args.js';
import type { CommandContext } from '../command.js';

export const help = `Usage: ecapture-http replay <file> [--port N] [--host H] [--realtime] [--speed X]

Serves a recording over a real WebSocket as eCapture's --ecaptureq does (Origin required, binary
frames, entries in order to every client, heartbeats every 15 s). A file that holds events alone
is preceded by synthesised run logs and heartbeat:0. Runs until SIGINT/SIGTERM.

Options:
  --port N       port to listen on (default 28257; 0 picks a free one)
  --host H       address to listen on (default 127.0.0.1)
  --realtime     pace events by their timestamps
  --speed X      with --realtime: play X times faster
  --once         exit after the first client has been sent the whole recording`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '28257' },
      host: { type: 'string', default: '127.0.0.1' },
      realtime: { type: 'boolean' },
      speed: { type: 'string' },
      once: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return ctx.print(help);
  if (positionals.length !== 1) throw new CliUsageError("replay takes one recording file; see 'ecapture-http replay --help'");
  const options: Parameters<typeof startReplayServer>[0] = {
    file: positionals[0]!,
    host: values.host,
    port: integer('--port', values.port, 0, 65535),
    signal: ctx.signal,
  };
  if (values.realtime) options.realtime = true;
  if (values.speed !== undefined) {
    const speed = Number(values.speed);
    if (!(speed > 0)) throw new CliUsageError(`--speed must be a positive number, not '${values.speed}'`);
    options.speed = speed;
  }
  if (values.once) options.closeWhenDone = true;
  const server = await startReplayServer(options);
  ctx.stderr.write(`replaying ${positionals[0]} on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    if (values.once) server.done.then(() => resolve(), () => resolve());
  });
  await server.close();
  return 0;
}
