// The socket-level tap: a TCP relay on 127.0.0.1 between a client and a server that records every
// chunk in each direction, in the order the relay's event loop saw it, with a monotonic ns stamp.
// Chunk boundaries are the relay's socket reads, not the peers' writes (documented in README.md).

import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Endpoint, Peer, TapChunk, TapConnection, TapProtocol } from './types.js';
import { withTimeout } from './with-timeout.js';

export interface Relay {
  /** Where clients connect. */
  readonly address: Endpoint;
  readonly chunks: readonly TapChunk[];
  readonly connections: readonly TapConnection[];
  /** Connection id by the client's local port (what the client socket reports as localPort). */
  connectionByClientPort(port: number): TapConnection | undefined;
  /** Connection id by the relay's outbound port (what the server sees as remotePort). */
  connectionByUpstreamPort(port: number): TapConnection | undefined;
  /** Resolves when every accepted connection has closed on both ends, or after `timeoutMs`. */
  settle(timeoutMs: number): Promise<boolean>;
  /** Destroys what is still open, records its close, stops listening. Idempotent. */
  close(): Promise<void>;
}

interface Pair {
  conn: TapConnection;
  downstream: Socket;
  upstream: Socket;
  closedSockets: number;
  firstToEnd?: Peer;
  recordedClose: boolean;
}

export async function startRelay(target: Endpoint, protocol: TapProtocol): Promise<Relay> {
  const chunks: TapChunk[] = [];
  const connections: TapConnection[] = [];
  const pairs = new Set<Pair>();
  const byClientPort = new Map<number, TapConnection>();
  const byUpstreamPort = new Map<number, TapConnection>();
  const settledWaiters = new Set<() => void>();
  let seq = 0;

  const record = (chunk: TapChunk): void => {
    chunks.push(chunk);
  };
  const notifyIfSettled = (): void => {
    if ([...pairs].some((p) => !p.recordedClose)) return;
    for (const wake of settledWaiters) wake();
    settledWaiters.clear();
  };
  const recordClose = (pair: Pair): void => {
    if (pair.recordedClose) return;
    pair.recordedClose = true;
    record({ kind: 'close', seq: seq++, conn: pair.conn.id, tsNs: process.hrtime.bigint(), by: pair.firstToEnd ?? 'client' });
    notifyIfSettled();
  };

  const server: Server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (downstream) => {
    const conn: TapConnection = {
      id: connections.length,
      protocol,
      client: { ip: downstream.remoteAddress ?? '127.0.0.1', port: downstream.remotePort ?? 0 },
      relay: { ip: downstream.localAddress ?? '127.0.0.1', port: downstream.localPort ?? 0 },
      upstream: { ip: '127.0.0.1', port: 0 },
      server: target,
    };
    connections.push(conn);
    byClientPort.set(conn.client.port, conn);
    record({ kind: 'open', seq: seq++, conn: conn.id, tsNs: process.hrtime.bigint() });
    const upstream = connect({ host: target.ip, port: target.port, allowHalfOpen: true });
    const pair: Pair = { conn, downstream, upstream, closedSockets: 0, recordedClose: false };
    pairs.add(pair);

    upstream.once('connect', () => {
      conn.upstream = { ip: upstream.localAddress ?? '127.0.0.1', port: upstream.localPort ?? 0 };
      byUpstreamPort.set(conn.upstream.port, conn);
      downstream.resume(); // bytes start flowing only once the server end exists
    });
    forward(downstream, upstream, 'client', pair);
    forward(upstream, downstream, 'server', pair);
  });

  const forward = (from: Socket, to: Socket, peer: Peer, pair: Pair): void => {
    from.on('data', (data: Buffer) => {
      // A copy: the recording must not alias a buffer Node may reuse.
      record({ kind: 'data', seq: seq++, conn: pair.conn.id, from: peer, tsNs: process.hrtime.bigint(), data: new Uint8Array(data) });
      if (!to.write(data)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.on('end', () => {
      pair.firstToEnd ??= peer;
      to.end();
    });
    from.on('error', () => {
      pair.firstToEnd ??= peer;
      to.destroy();
    });
    from.on('close', () => {
      pair.firstToEnd ??= peer;
      to.destroy(); // a half-closed peer that vanished: nothing more can flow
      pair.closedSockets++;
      if (pair.closedSockets === 2) recordClose(pair);
    });
  };

  await withTimeout(
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    }),
    2000,
    'relay listen',
  );
  const info = server.address();
  if (info === null || typeof info === 'string') throw new Error('relay has no TCP address');
  let closed = false;

  return {
    address: { ip: '127.0.0.1', port: info.port },
    chunks,
    connections,
    connectionByClientPort: (port) => byClientPort.get(port),
    connectionByUpstreamPort: (port) => byUpstreamPort.get(port),
    settle(timeoutMs) {
      if ([...pairs].every((p) => p.recordedClose)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          settledWaiters.delete(wake);
          resolve(false);
        }, timeoutMs);
        const wake = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        settledWaiters.add(wake);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const pair of pairs) {
        pair.downstream.destroy();
        pair.upstream.destroy();
      }
      await withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 2000, 'relay close').catch(() => undefined);
      for (const pair of pairs) recordClose(pair); // sockets whose 'close' never came
    },
  };
}
