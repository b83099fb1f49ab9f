// A WebSocket server written on a bare TCP socket (RFC 6455 by hand), so a test can misbehave
// below the level `ws` allows: stop in the middle of a frame, send bytes that are no frame at all,
// never answer the upgrade, or go half-open (stop reading and writing without a FIN). Listens on
// 127.0.0.1 only; close() destroys every socket it accepted.

import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** What the server does with each accepted connection. */
export type Behaviour = (peer: RawPeer) => void;

export interface RawPeer {
  socket: Socket;
  /** 1-based count of connections accepted so far, this one included. */
  connection: number;
  /** Answers the upgrade request (101); resolves when done. */
  handshake(): Promise<void>;
  /** One unmasked binary frame (server frames are never masked). */
  frame(payload: Uint8Array, opcode?: number): Uint8Array;
  send(payload: Uint8Array): void;
}

export interface RawWebSocketServer {
  readonly url: string;
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Sockets still open. */
  readonly open: number;
  close(): Promise<void>;
}

/** Encodes one server-to-client frame: FIN set, no mask, 7/16/64-bit length (RFC 6455 §5.2). */
export function encodeFrame(payload: Uint8Array, opcode = 0x2): Uint8Array {
  const n = payload.length;
  const head = n < 126 ? [0x80 | opcode, n] : n < 65_536 ? [0x80 | opcode, 126, n >> 8, n & 0xff] : [0x80 | opcode, 127, 0, 0, 0, 0, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return Buffer.concat([Uint8Array.from(head), payload]);
}

/** Reads the upgrade request off the socket (up to the blank line) and answers 101. */
async function answerUpgrade(socket: Socket): Promise<void> {
  let request = '';
  while (!request.includes('\r\n\r\n')) {
    const chunk = socket.read() as Buffer | null;
    if (chunk === null) {
      await Promise.race([once(socket, 'readable'), once(socket, 'close').then(() => Promise.reject(new Error('closed during the upgrade')))]);
      continue;
    }
    request += chunk.toString('latin1');
  }
  const key = /sec-websocket-key:\s*(\S+)/i.exec(request)?.[1] ?? '';
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
}

export async function startRawWebSocketServer(behaviour: Behaviour): Promise<RawWebSocketServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const peer: RawPeer = {
      socket,
      connection: ++accepted,
      handshake: () => answerUpgrade(socket),
      frame: encodeFrame,
      send: (payload) => void socket.write(encodeFrame(payload)),
    };
    behaviour(peer);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/`,
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      const closed = once(server, 'close');
      server.close();
      await closed;
    },
  };
}
