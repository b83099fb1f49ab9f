// Real Node servers on 127.0.0.1:0 (HTTP/1.1 and cleartext HTTP/2), with bounded, forceful
// shutdown. Request handling is the caller's; this module only owns the listening lifecycle.

import { createServer as createHttp1Server } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';
import type { Server } from 'node:net';
import type { Endpoint } from './types.js';
import { withTimeout } from './with-timeout.js';

export interface RunningServer {
  readonly address: Endpoint;
  /** Stops listening and ends every connection; forceful after `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

async function listen(server: Server): Promise<Endpoint> {
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    }),
    2000,
    'server listen',
  );
  const info = server.address();
  if (info === null || typeof info === 'string') throw new Error('server has no TCP address');
  return { ip: '127.0.0.1', port: info.port };
}

function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => server.close(() => resolve())),
    timeoutMs,
    'server close',
  ).catch(() => undefined);
}

export async function startHttp1Server(
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningServer> {
  const server = createHttp1Server({ keepAliveTimeout: 30_000 }, onRequest);
  const address = await listen(server);
  return {
    address,
    async close(timeoutMs) {
      const closing = closeServer(server, timeoutMs);
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), Math.min(200, timeoutMs)).unref();
      await closing;
      server.closeAllConnections();
    },
  };
}

export async function startHttp2Server(
  onRequest: (req: Http2ServerRequest, res: Http2ServerResponse) => void,
): Promise<RunningServer> {
  const server = createHttp2Server();
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => undefined); // a peer that vanished mid-scenario is not a server bug
    session.once('close', () => sessions.delete(session));
  });
  server.on('request', onRequest);
  const address = await listen(server);
  return {
    address,
    async close(timeoutMs) {
      for (const session of sessions) session.close();
      const closing = closeServer(server, timeoutMs);
      const force = setTimeout(() => {
        for (const session of sessions) session.destroy();
      }, Math.min(200, timeoutMs));
      force.unref();
      await closing;
      clearTimeout(force);
      for (const session of sessions) session.destroy();
    },
  };
}
