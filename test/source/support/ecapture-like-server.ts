// A WebSocket server that behaves like eCapture's eCaptureQ server (protocol reference §1), for
// tests: 403 without an Origin (or `Origin: null`), 400 for two or more subprotocols, replay of the
// buffered run-log lines on every connect, then `heartbeat:0`, then heartbeats every
// `heartbeatIntervalMs`; pings answered. Tests can broadcast entries, kill the server mid-stream
// (every client torn down, port closed), restart it on the same port, and make it go silent (no
// heartbeats, no pongs).

import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { create, toBinary } from '@bufbuild/protobuf';
import { EventSchema, HeartbeatSchema, LogEntrySchema, LogType } from '../../../src/gen/ecaptureq_pb.js';

export interface EcaptureLikeServerOptions {
  runLogs?: string[];
  heartbeatIntervalMs?: number;
  /** Reject every upgrade with this status (after counting it). */
  rejectWith?: number;
}

export interface EcaptureLikeServer {
  readonly url: string;
  readonly port: number;
  /** Upgrade requests received, rejected ones included. */
  readonly upgradeRequests: number;
  /** Connections accepted. */
  readonly connections: number;
  readonly clients: ReadonlySet<WebSocket>;
  /** Resolves with the next accepted client (or one already waiting). */
  nextClient(): Promise<WebSocket>;
  /** Sends to every connected client; returns how many got it. */
  broadcast(entry: Uint8Array): number;
  /** Stops heartbeats and pongs on every current and future connection. */
  goSilent(): void;
  /** Tears every client down (no close frame) and stops listening. */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function heartbeatEntry(count: number): Uint8Array {
  const heartbeat = create(HeartbeatSchema, { timestamp: BigInt(Math.trunc(Date.now() / 1000)), count: BigInt(count), message: `heartbeat:${count}` });
  return toBinary(LogEntrySchema, create(LogEntrySchema, { payload: { case: 'heartbeatPayload', value: heartbeat } }));
}

export function runLogEntry(text: string): Uint8Array {
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.PROCESS_LOG, payload: { case: 'runLog', value: text } }));
}

/** A v1-style type-0 event whose payload is `event-<n>`, so tests can tell events apart. */
export function numberedEventEntry(n: number): Uint8Array {
  const payload = new TextEncoder().encode(`event-${n}`);
  const event = create(EventSchema, {
    timestamp: 1_000_000_000n + BigInt(n),
    uuid: `4242_4242_curl_5_1_127.0.0.1:40000-127.0.0.1:8443`,
    srcIp: '127.0.0.1',
    srcPort: 40000,
    dstIp: '127.0.0.1',
    dstPort: 8443,
    pid: 4242n,
    pname: 'curl',
    type: 0,
    length: payload.length,
    payload,
  });
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.EVENT, payload: { case: 'eventPayload', value: event } }));
}

export const DEFAULT_RUN_LOGS = [
  '{"level":"info","AppName":"eCapture(旁观者)","time":"2026-11-23T04:13:17Z"}\n',
  '{"level":"info","Version":"linux_amd64:v1.5.2-test","time":"2026-11-23T04:13:17Z"}\n',
  '{"level":"info","moduleName":"EBPFProbeOPENSSL","time":"2026-11-23T04:13:17Z","message":"module started successfully."}\n',
];

export async function startEcaptureLikeServer(options: EcaptureLikeServerOptions = {}): Promise<EcaptureLikeServer> {
  const runLogs = options.runLogs ?? DEFAULT_RUN_LOGS;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
  let silent = false;
  let upgradeRequests = 0;
  let connections = 0;
  const clients = new Set<WebSocket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiting: Array<(socket: WebSocket) => void> = [];
  const unclaimed: WebSocket[] = [];

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    autoPong: false,
    verifyClient: (info: { origin: string; req: IncomingMessage }, callback: (ok: boolean, code?: number) => void) => {
      upgradeRequests++;
      if (options.rejectWith !== undefined) return callback(false, options.rejectWith);
      if (info.origin === undefined || info.origin === '' || info.origin === 'null') return callback(false, 403);
      const protocols = info.req.headers['sec-websocket-protocol'];
      if (protocols !== undefined && protocols.split(',').length >= 2) return callback(false, 400);
      callback(true);
    },
  });

  wss.on('connection', (socket: WebSocket) => {
    connections++;
    clients.add(socket);
    socket.on('error', () => {});
    socket.on('ping', (data: Buffer) => {
      if (!silent) socket.pong(data);
    });
    let count = 0;
    for (const line of runLogs) socket.send(runLogEntry(line), { binary: true });
    socket.send(heartbeatEntry(count++), { binary: true });
    const timer = setInterval(() => {
      if (!silent) socket.send(heartbeatEntry(count++), { binary: true });
    }, heartbeatIntervalMs);
    timers.add(timer);
    socket.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
      clients.delete(socket);
    });
    const waiter = waiting.shift();
    if (waiter !== undefined) waiter(socket);
    else unclaimed.push(socket);
  });

  let httpServer = await listen(0);
  const port = (httpServer.address() as AddressInfo).port;

  async function listen(onPort: number): Promise<Server> {
    const server = createServer((_request, response) => response.writeHead(426).end());
    server.on('upgrade', (request, socket, head) => {
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    });
    server.listen(onPort, '127.0.0.1');
    await once(server, 'listening');
    return server;
  }

  async function stopListening(): Promise<void> {
    for (const client of clients) client.terminate();
    const closed = once(httpServer, 'close');
    httpServer.close();
    httpServer.closeAllConnections();
    await closed;
  }

  return {
    url: `ws://127.0.0.1:${port}/`,
    port,
    get upgradeRequests() {
      return upgradeRequests;
    },
    get connections() {
      return connections;
    },
    clients,
    nextClient() {
      const socket = unclaimed.shift();
      if (socket !== undefined) return Promise.resolve(socket);
      return new Promise((resolve) => waiting.push(resolve));
    },
    broadcast(entry) {
      let sent = 0;
      for (const client of clients) {
        if (client.readyState === client.OPEN) {
          client.send(entry, { binary: true });
          sent++;
        }
      }
      return sent;
    },
    goSilent() {
      silent = true;
    },
    kill: stopListening,
    async restart() {
      httpServer = await listen(port);
    },
    async close() {
      if (httpServer.listening) await stopListening();
      for (const timer of timers) clearInterval(timer);
      wss.close();
    },
  };
}
