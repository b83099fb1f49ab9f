// `demo`: the bundled recording, served by the replay server and read back through the real
// WebSocket client, printed as exchanges. Ends when the recording is done.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { read } from '../../api/connect.js';
import { startReplayServer } from '../../source/replay-server.js';
import { formatExchangeLine } from '../format-exchange.js';
import { LineWriter } from '../output.js';
import type { CommandContext } from '../command.js';

export const DEMO_RECORDING = fileURLToPath(new URL('../../../fixtures/demo/demo.ldpb', import.meta.url));

export const help = `Usage: ecapture-http demo

Starts the replay server on a bundled recording of real eCapture traffic (HTTP/1.1 and HTTP/2,
eCapture v1.5 and v2 dialects), connects to it through the real WebSocket client on 127.0.0.1,
and prints every exchange. Ends when the recording has been sent.`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return ctx.print(help);
  const server = await startReplayServer({ file: DEMO_RECORDING, port: 0, closeWhenDone: true, signal: ctx.signal });
  const out = new LineWriter(ctx.stdout);
  const counts = { exchanges: 0, runLogs: 0, heartbeats: 0, events: 0 };
  try {
    await out.line(`# replaying ${DEMO_RECORDING} on ${server.url}`);
    const exchanges = read(server.url, {
      signal: ctx.signal,
      onRecord: (r) => {
        if (r.kind === 'runLog') counts.runLogs++;
        else if (r.kind === 'heartbeat') counts.heartbeats++;
        else if (r.kind === 'event') counts.events++;
      },
    });
    for await (const x of exchanges) {
      counts.exchanges++;
      await out.line(formatExchangeLine(x));
    }
    await out.line(`# ${counts.exchanges} exchanges from ${counts.events} events (${counts.runLogs} run logs, ${counts.heartbeats} heartbeats)`);
  } finally {
    await server.close();
  }
  return 0;
}
