// The scenario runner: real server → relay (the tap) → real client, then a capture object that
// renders what eCapture would have sent, plus the ground truth from both ends.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { TruthLedger, pairsFromRaw } from './collect-truth.js';
import type { TruthExchange } from './collect-truth.js';
import { createClient } from './create-client.js';
import type { TapClient } from './create-client.js';
import { writeDelimitedFile } from './frame-delimited.js';
import { planCalls } from './plan-calls.js';
import type { TapRecording } from './plan-calls.js';
import { startRelay } from './start-relay.js';
import type { Relay } from './start-relay.js';
import { startHttp1Server, startHttp2Server } from './start-server.js';
import type { RunningServer } from './start-server.js';
import type { CaptureOptions, CapturedCall, EventOptions, Peer, TapChunk, TapConnection, TapProtocol } from './types.js';
import { renderCalls } from './write-events.js';
import { withTimeout } from './with-timeout.js';

/** The tap reads the whole request body first and hands it over: do not read `req` yourself. */
export type Http1ServerHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;
export type Http2ServerHandler = (req: Http2ServerRequest, res: Http2ServerResponse, body: Buffer) => void | Promise<void>;

interface ScenarioCommon {
  client: (client: TapClient) => Promise<void>;
  /** Bound on every single await (requests, closes, …). Default 5000 ms. */
  timeoutMs?: number;
}
export interface Http1Scenario extends ScenarioCommon {
  protocol: 'http1';
  server: Http1ServerHandler;
}
export interface Http2Scenario extends ScenarioCommon {
  protocol: 'http2';
  server: Http2ServerHandler;
}
export type TapScenario = Http1Scenario | Http2Scenario;

export interface TapCapture {
  readonly protocol: TapProtocol;
  /** Everything the relay recorded, in order. */
  readonly chunks: readonly TapChunk[];
  readonly connections: readonly TapConnection[];
  /** Both ends' view of every exchange (client half absent for raw-socket clients). */
  readonly truth: readonly TruthExchange[];
  /** One instant on both clocks, for v2 dates. */
  readonly clock: { ns: bigint; unixMs: number };
  /** The SSL calls eCapture would have seen from `options.side`. */
  calls(options: CaptureOptions): CapturedCall[];
  /** Those calls as LogEntry messages of `options.dialect`. */
  events(options: EventOptions): Uint8Array[];
  /** `events(options)` as a size-delimited `.ldpb` file; resolves to the message count. */
  writeRecording(path: string, options: EventOptions): Promise<number>;
  /** All bytes `from` sent on connection `conn`, concatenated (from the recording). */
  bytes(conn: number, from: Peer): Buffer;
}

export class TapScenarioError extends Error {
  readonly code = 'TAP_SCENARIO';
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'TapScenarioError';
  }
}

async function readBody(req: AsyncIterable<Buffer | string>, timeoutMs: number): Promise<Buffer> {
  const collect = async (): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(typeof part === 'string' ? Buffer.from(part) : part);
    return Buffer.concat(parts);
  };
  return withTimeout(collect(), timeoutMs, 'request body');
}

export async function runTap(scenario: TapScenario): Promise<TapCapture> {
  const timeoutMs = scenario.timeoutMs ?? 5000;
  const ledger = new TruthLedger(scenario.protocol);
  const failures: unknown[] = [];
  let relay: Relay | undefined;
  let server: RunningServer | undefined;
  const clock = { ns: process.hrtime.bigint(), unixMs: Date.now() };

  // Runs a user handler with the truth recorded first; a throwing handler fails the scenario.
  const serve = async (
    remotePort: number | undefined,
    streamId: number | undefined,
    req: IncomingMessage | Http2ServerRequest,
    respond: (body: Buffer) => void | Promise<void>,
    fail: () => void,
  ): Promise<void> => {
    try {
      const conn = relay?.connectionByUpstreamPort(remotePort ?? 0);
      if (!conn) throw new TapScenarioError(`request from unknown peer port ${remotePort}`);
      const position = streamId ?? ledger.claimServerIndex(conn.id);
      const body = await readBody(req, timeoutMs);
      ledger.recordRequest(conn.id, position, {
        method: req.method ?? '',
        path: req.url ?? '',
        httpVersion: req.httpVersion,
        headers: pairsFromRaw(req.rawHeaders),
        body,
      });
      await respond(body);
    } catch (error) {
      failures.push(error);
      fail();
    }
  };

  try {
    if (scenario.protocol === 'http1') {
      const handler = scenario.server;
      server = await startHttp1Server((req, res) => {
        void serve(req.socket.remotePort, undefined, req, (body) => handler(req, res, body), () => {
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        });
      });
    } else {
      const handler = scenario.server;
      server = await startHttp2Server((req, res) => {
        void serve(req.stream.session?.socket.remotePort, req.stream.id, req, (body) => handler(req, res, body), () => {
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        });
      });
    }
    relay = await startRelay(server.address, scenario.protocol);
    const liveRelay = relay;
    const { client, shutdown } = createClient({
      protocol: scenario.protocol,
      address: relay.address,
      timeoutMs,
      connectionOf: (port) => liveRelay.connectionByClientPort(port)?.id ?? -1,
      onResponse: (conn, streamId, response) => {
        ledger.recordResponse(conn, streamId ?? ledger.claimClientIndex(conn), response);
      },
    });
    try {
      await scenario.client(client);
    } catch (error) {
      failures.push(error);
    } finally {
      await shutdown(timeoutMs);
    }
    await relay.settle(Math.min(timeoutMs, 2000));
  } catch (error) {
    failures.push(error);
  } finally {
    await server?.close(Math.min(timeoutMs, 2000));
    await relay?.settle(Math.min(timeoutMs, 1000));
    await relay?.close();
    // libuv releases closed handles in a later loop turn; wait for it so nothing is left open on return.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  }
  if (failures.length > 0) {
    throw new TapScenarioError(`tap scenario failed: ${failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ')}`, {
      cause: failures[0],
    });
  }
  const finished = relay!;
  const recording: TapRecording = { chunks: finished.chunks, connections: finished.connections, clock };
  return {
    protocol: scenario.protocol,
    chunks: finished.chunks,
    connections: finished.connections,
    truth: ledger.exchanges(),
    clock,
    calls: (options) => planCalls(recording, options),
    events: (options) => renderCalls(planCalls(recording, options), options.dialect),
    writeRecording: (path, options) => writeDelimitedFile(path, renderCalls(planCalls(recording, options), options.dialect)),
    bytes: (conn, from) =>
      Buffer.concat(finished.chunks.flatMap((c) => (c.kind === 'data' && c.conn === conn && c.from === from ? [c.data] : []))),
  };
}
