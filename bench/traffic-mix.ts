// The request mix of the generated workloads: what clients ask for and what servers answer, the
// same for HTTP/1 and HTTP/2. Deterministic from a seed (xorshift32), so a cached recording can be
// regenerated with the same requests; the path names the response, so the server is stateless.

import * as zlib from 'node:zlib';
import { sampleJsonText } from '../test/body/sample-bodies.js';

export type ResponseKind = 'json' | 'asset' | 'page' | 'upload' | 'large' | 'empty';
export type Coding = 'identity' | 'gzip' | 'deflate' | 'br';

/** Share of each kind, in exchanges, and what it is (printed beside the figures). */
export const MIX: ReadonlyArray<{ kind: ResponseKind; share: number; what: string }> = [
  { kind: 'json', share: 0.46, what: 'GET → 200 JSON 200 B–4 KiB, identity, Content-Length' },
  { kind: 'asset', share: 0.15, what: 'GET → 200 8–64 KiB, gzip, Content-Length' },
  { kind: 'page', share: 0.1, what: 'GET → 200 2–32 KiB in 3 writes (HTTP/1 chunked), deflate or br' },
  { kind: 'upload', share: 0.15, what: 'POST 512 B–16 KiB JSON → 201 small JSON' },
  { kind: 'large', share: 0.02, what: 'GET → 200 64–256 KiB, identity' },
  { kind: 'empty', share: 0.12, what: 'HEAD → 200 / GET → 204 / GET → 304, no body' },
];

/** Sizes are drawn from this many buckets per kind, so encoded bodies can be cached. */
const SIZE_BUCKETS = 16;

export class SeededRandom {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let s = this.#state;
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    this.#state = s;
    return s / 0x1_0000_0000;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** A generator for one (seed, ...keys) cell, independent of the order cells are visited in. */
export function randomFor(seed: number, ...keys: number[]): SeededRandom {
  let h = seed >>> 0;
  for (const key of keys) {
    // murmur3's finaliser: neighbouring keys give unrelated states.
    h = Math.imul(h ^ (key >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return new SeededRandom(h);
}

export interface PlannedRequest {
  kind: ResponseKind;
  method: string;
  /** `/<kind>/<size>/<coding>/<variant>`: the server answers from this alone. */
  path: string;
  headers: Array<[string, string]>;
  body?: Uint8Array;
}

function bucketSize(random: SeededRandom, lo: number, hi: number): number {
  const step = (hi - lo) / (SIZE_BUCKETS - 1);
  return Math.round(lo + step * random.int(0, SIZE_BUCKETS - 1));
}

function drawKind(random: SeededRandom): ResponseKind {
  let x = random.next();
  for (const { kind, share } of MIX) {
    if (x < share) return kind;
    x -= share;
  }
  return 'json';
}

const uploadBodies = new Map<number, Uint8Array>();

/** Request number `serial` of the mix (a function of seed and serial only). */
export function planRequest(seed: number, serial: number): PlannedRequest {
  const random = randomFor(seed, serial);
  const kind = drawKind(random);
  const accept: Array<[string, string]> = [
    ['accept', kind === 'page' ? 'text/html' : 'application/json'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['user-agent', 'ecapture-http-bench/1'],
    ['x-request-id', `req-${serial}`],
  ];
  switch (kind) {
    case 'json':
      return { kind, method: 'GET', path: `/json/${bucketSize(random, 200, 4096)}/identity/${serial}`, headers: accept };
    case 'asset':
      return { kind, method: 'GET', path: `/asset/${bucketSize(random, 8192, 65536)}/gzip/${serial}`, headers: accept };
    case 'page':
      return { kind, method: 'GET', path: `/page/${bucketSize(random, 2048, 32768)}/${random.pick(['deflate', 'br'])}/${serial}`, headers: accept };
    case 'large':
      return { kind, method: 'GET', path: `/large/${bucketSize(random, 65536, 262144)}/identity/${serial}`, headers: accept };
    case 'empty': {
      const variant = random.pick(['head', '204', '304']);
      const headers: Array<[string, string]> = variant === '304' ? [...accept, ['if-none-match', '"v1"']] : accept;
      return { kind, method: variant === 'head' ? 'HEAD' : 'GET', path: `/empty/0/identity/${variant}-${serial}`, headers };
    }
    case 'upload': {
      const size = bucketSize(random, 512, 16384);
      let body = uploadBodies.get(size);
      if (!body) uploadBodies.set(size, (body = sampleJsonText(size, 5000, size + 7)));
      return { kind, method: 'POST', path: `/upload/128/identity/${serial}`, headers: [...accept, ['content-type', 'application/json']], body };
    }
  }
}

export interface PlannedResponse {
  status: number;
  headers: Array<[string, string]>;
  /** Written in this many pieces (HTTP/1 without Content-Length: chunked). */
  pieces: Uint8Array[];
}

const encodedBodies = new Map<string, Uint8Array>();

function encode(plain: Uint8Array, coding: Coding): Uint8Array {
  switch (coding) {
    case 'identity':
      return plain;
    case 'gzip':
      return zlib.gzipSync(plain);
    case 'deflate':
      return zlib.deflateSync(plain);
    case 'br':
      return zlib.brotliCompressSync(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  }
}

function bodyOf(size: number, coding: Coding): Uint8Array {
  const key = `${size}/${coding}`;
  let body = encodedBodies.get(key);
  if (!body) encodedBodies.set(key, (body = encode(sampleJsonText(size, 20_000, size), coding)));
  return body;
}

function split3(bytes: Uint8Array): Uint8Array[] {
  const a = Math.floor(bytes.length / 3);
  return [bytes.subarray(0, a), bytes.subarray(a, 2 * a), bytes.subarray(2 * a)];
}

/** What the server sends for `path` (and `method`); unknown paths get a 404 with a short body. */
export function planResponse(method: string, path: string): PlannedResponse {
  const [, kind, sizeText, coding, variant] = path.split('/');
  const size = Number(sizeText);
  const type: [string, string] = ['content-type', kind === 'page' ? 'text/html; charset=utf-8' : 'application/json'];
  const cache: [string, string] = ['cache-control', 'max-age=60'];
  switch (kind) {
    case 'json':
    case 'asset':
    case 'large':
    case 'upload': {
      const body = bodyOf(size, coding as Coding);
      const headers: Array<[string, string]> = [type, cache, ['content-length', String(body.length)]];
      if (coding !== 'identity') headers.push(['content-encoding', coding!]);
      return { status: kind === 'upload' ? 201 : 200, headers, pieces: [body] };
    }
    case 'page': {
      const body = bodyOf(size, coding as Coding);
      return { status: 200, headers: [type, cache, ['content-encoding', coding!]], pieces: split3(body) };
    }
    case 'empty': {
      if (variant?.startsWith('204')) return { status: 204, headers: [cache], pieces: [] };
      if (variant?.startsWith('304')) return { status: 304, headers: [cache, ['etag', '"v1"']], pieces: [] };
      // HEAD: the length the GET would have had, no body.
      return { status: 200, headers: [type, ['content-length', '2048']], pieces: [] };
    }
    default: {
      const body = new TextEncoder().encode(`no route for ${method} ${path}\n`);
      return { status: 404, headers: [['content-type', 'text/plain'], ['content-length', String(body.length)]], pieces: [body] };
    }
  }
}
