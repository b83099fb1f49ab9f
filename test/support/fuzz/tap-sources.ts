// Real Node http / http2 (h2c) traffic through the tap, rendered as raw and v2 recordings from
// both the client's and the server's side: the part of the fuzz corpus no fixture covers
// (several connections, pipelining, trailers, real gzip, concurrent HTTP/2 streams, server capture).

import { gzipSync } from 'node:zlib';
import { runTap, sleep } from '../tap/index.js';
import type { TapCapture } from '../tap/index.js';
import { decodeMessages, type CorpusSource } from './corpus.js';

const UPLOAD = Buffer.from(Uint8Array.from({ length: 20_000 }, (_, i) => (i * 31 + 7) & 0xff));
const TEXT = 'the quick brown fox jumps over the lazy dog\n'.repeat(400);

async function http1Capture(): Promise<TapCapture> {
  return runTap({
    protocol: 'http1',
    server: async (req, res, body) => {
      if (req.url === '/chunked') {
        res.setHeader('Trailer', 'X-Sum');
        for (let i = 0; i < 3; i++) {
          res.write(`piece ${i} `.repeat(200));
          await sleep(1);
        }
        res.addTrailers({ 'X-Sum': 'abc' });
        res.end();
      } else if (req.url === '/gzip') {
        const zipped = gzipSync(TEXT);
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip', 'Content-Length': zipped.length });
        res.end(zipped);
      } else if (req.url === '/none') {
        res.writeHead(204);
        res.end();
      } else {
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(req.method === 'HEAD' ? undefined : Buffer.concat([Buffer.from(`${req.method} ${req.url} `), body]));
      }
    },
    client: async (c) => {
      await c.request({ path: '/json?a=1', headers: [['Accept', 'application/json']] });
      await c.request({ method: 'POST', path: '/upload', body: UPLOAD });
      await c.request({ path: '/chunked' });
      await c.request({ path: '/gzip', headers: [['Accept-Encoding', 'gzip']] });
      await c.request({ method: 'HEAD', path: '/head' });
      await c.request({ path: '/none' });
      await c.request({ method: 'PUT', path: '/second', body: 'on another connection', connection: 'second' });
      const raw = await c.connect();
      const host = `${c.address.ip}:${c.address.port}`;
      await raw.write(`GET /p1 HTTP/1.1\r\nHost: ${host}\r\n\r\nPOST /p2 HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 3\r\n\r\nxyz`);
      await raw.waitFor((got) => got.toString('latin1').includes('POST /p2 xyz'));
      await raw.end();
    },
  });
}

async function http2Capture(): Promise<TapCapture> {
  return runTap({
    protocol: 'http2',
    server: (req, res, body) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(gzipSync(TEXT));
      } else if (req.url === '/trailers') {
        res.addTrailers({ 'x-checksum': '42' });
        res.end('with trailers');
      } else {
        res.setHeader('content-type', 'application/octet-stream');
        res.end(Buffer.concat([Buffer.from(`${req.method} ${req.url} `), body]));
      }
    },
    client: async (c) => {
      await c.request({ path: '/first' });
      await Promise.all([
        c.request({ method: 'POST', path: '/upload', body: UPLOAD }),
        c.request({ path: '/gzip', headers: [['accept-encoding', 'gzip']] }),
        c.request({ path: '/trailers' }),
      ]);
      await c.request({ path: '/after', headers: [['x-repeat', 'same'], ['x-repeat', 'same']] });
      await c.request({ path: '/other', connection: 'second' });
    },
  });
}

/** Eight recordings: HTTP/1 and HTTP/2, raw and v2, hooked client and hooked server. */
export async function tapSources(): Promise<CorpusSource[]> {
  const out: CorpusSource[] = [];
  for (const [label, capture] of [
    ['tap-h1', await http1Capture()],
    ['tap-h2', await http2Capture()],
  ] as const) {
    for (const dialect of ['raw', 'v2'] as const) {
      for (const side of ['client', 'server'] as const) {
        // A fixed pid (the tap's default is this process's): counterexamples replay in another process.
        const events = capture.events({ dialect, side, identity: () => ({ pid: 7000, tid: 7000 }) });
        out.push(decodeMessages(`${label}/${dialect}-${side}`, events));
      }
    }
  }
  return out;
}
