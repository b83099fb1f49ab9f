// One batch of real traffic through the tap: real Node `http` or `http2` servers and clients on
// 127.0.0.1, many keep-alive connections (HTTP/1) or sessions with concurrent streams (HTTP/2),
// answering the mix of traffic-mix.ts. Returns the tap's capture (chunks, connections, truth).

import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { runTap } from '../test/support/tap/index.js';
import type { TapCapture, TapClient, TapProtocol } from '../test/support/tap/index.js';
import { planRequest, planResponse, randomFor } from './traffic-mix.js';

export interface BatchPlan {
  protocol: TapProtocol;
  /** Exchanges in this batch. */
  exchanges: number;
  /** Serial number of the batch's first request (request ids and paths carry it). */
  firstSerial: number;
  /** Seed of the mix: requests are a function of (seed, serial). */
  seed: number;
}

/** HTTP/1: concurrent keep-alive connections; each serves a drawn number of requests, then closes. */
const HTTP1_LANES = 24;
const HTTP1_REQUESTS_PER_CONNECTION = [1, 4, 16, 64];
/** HTTP/2: concurrent sessions, each keeping this many streams in flight. */
const HTTP2_SESSIONS = 6;
const HTTP2_STREAMS_IN_FLIGHT = 16;
const HTTP2_REQUESTS_PER_SESSION = [32, 128, 512];

/** The part of Node's HTTP/1 and HTTP/2 compat responses the servers use. */
interface Respond {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): unknown;
  end(): unknown;
}

function answer(req: IncomingMessage | Http2ServerRequest, res: Respond): void {
  const planned = planResponse(req.method ?? 'GET', req.url ?? '/');
  const headers: Record<string, string> = {};
  for (const [name, value] of planned.headers) headers[name] = value;
  res.writeHead(planned.status, headers);
  for (const piece of planned.pieces) res.write(piece);
  res.end();
}

/** Runs `count` requests drawn from the mix on `client`, `lanes` of them in flight at a time. */
async function driveLanes(
  client: TapClient,
  plan: BatchPlan,
  lanes: number,
  perConnection: readonly number[],
  connectionOf: (lane: number, generation: number) => string,
  streamsPerLane: number,
): Promise<void> {
  let issued = 0;
  const nextSerial = (): number | undefined => (issued < plan.exchanges ? plan.firstSerial + issued++ : undefined);
  const lane = async (index: number): Promise<void> => {
    // Bounded: each pass issues at least one request or stops.
    for (let generation = 0; generation < plan.exchanges; generation++) {
      const key = connectionOf(index, generation);
      const budget = randomFor(plan.seed, plan.firstSerial, index, generation).pick(perConnection);
      let done = 0;
      while (done < budget) {
        const wave: Array<Promise<unknown>> = [];
        for (let s = 0; s < streamsPerLane && done < budget; s++, done++) {
          const serial = nextSerial();
          if (serial === undefined) break;
          const req = planRequest(plan.seed, serial);
          wave.push(client.request({ method: req.method, path: req.path, headers: req.headers, ...(req.body ? { body: req.body } : {}), connection: key }));
        }
        if (wave.length === 0) break;
        await Promise.all(wave);
      }
      await client.closeConnection(key);
      if (issued >= plan.exchanges) return;
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
}

export async function driveBatch(plan: BatchPlan): Promise<TapCapture> {
  const timeoutMs = 20_000;
  if (plan.protocol === 'http1') {
    return runTap({
      protocol: 'http1',
      timeoutMs,
      server: (req, res) => answer(req, res),
      client: (client) => driveLanes(client, plan, HTTP1_LANES, HTTP1_REQUESTS_PER_CONNECTION, (l, g) => `h1-${l}-${g}`, 1),
    });
  }
  return runTap({
    protocol: 'http2',
    timeoutMs,
    server: (req, res) => answer(req, res),
    client: (client) =>
      driveLanes(client, plan, HTTP2_SESSIONS, HTTP2_REQUESTS_PER_SESSION, (l, g) => `h2-${l}-${g}`, HTTP2_STREAMS_IN_FLIGHT),
  });
}

export const CONNECTION_SHAPE = {
  http1: `${HTTP1_LANES} concurrent keep-alive connections, ${HTTP1_REQUESTS_PER_CONNECTION.join('/')} requests each (drawn), then closed`,
  http2: `${HTTP2_SESSIONS} concurrent sessions × ${HTTP2_STREAMS_IN_FLIGHT} streams in flight, ${HTTP2_REQUESTS_PER_SESSION.join('/')} requests each (drawn)`,
};
