// Inputs for the bomb tests, built here from their specifications (RFC 9112 chunks, RFC 9113
// frames, RFC 7541 HPACK literals, RFC 8878 zstd RLE blocks), plus raw-dialect records and a
// memory gauge. Nothing here comes from the code under test.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as zlib from 'node:zlib';
import { assembleExchanges, type AssembleOptions } from '../../../src/api/assemble-exchanges.js';
import type { Direction, StreamRecord } from '../../../src/decode/records.js';
import type { Exchange } from '../../../src/model/exchange.js';
import { exchangeToHarEntry } from '../../../src/sink/har/index.js';
import { exchangeToNdjson } from '../../../src/sink/ndjson.js';

export const KiB = 1024;
export const MiB = 1024 * 1024;
const T0_NS = 1_790_000_000_000n * 1_000_000n;
const encoder = new TextEncoder();

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** One raw-dialect SSL call of connection `<pid>:5`, as decode would give it. */
export function rawEvent(pid: number, direction: Direction, payload: Uint8Array, ms = 0, type?: number): StreamRecord {
  return {
    kind: 'event',
    sub: 'data',
    dialect: 'raw',
    type: type ?? (direction === 'write' ? 1 : 3),
    pid,
    tid: pid,
    comm: 'bomb',
    fd: 5,
    direction,
    uuid: { form: 'tracked', pid, tid: pid, comm: 'bomb', fd: 5, direction },
    rawUuid: `${pid}_${pid}_bomb_5_${direction === 'write' ? 1 : 0}_0.0.0.0:0-0.0.0.0:0`,
    time: { clock: 'unix-ns', ns: T0_NS + BigInt(Math.round(ms * 1e6)) },
    payload,
    flags: payload.length === 16384 ? ['possibly-truncated'] : [],
    seq: 0,
    receivedAt: 0,
  };
}

/** `payload` cut into SSL calls of at most `size` bytes (eCapture: 16384). */
export function* calls(payload: Uint8Array, size = 16_000): Generator<Uint8Array> {
  for (let at = 0; at < payload.length; at += size) yield payload.subarray(at, at + size);
}

// ---- HTTP/2 (RFC 9113 §4.1) and HPACK (RFC 7541) ----

export const PREFACE = bytes('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export function frame(type: number, flags: number, streamId: number, payload: Uint8Array, declaredLength = payload.length): Uint8Array {
  const out = new Uint8Array(9 + payload.length);
  out[0] = (declaredLength >>> 16) & 0xff;
  out[1] = (declaredLength >>> 8) & 0xff;
  out[2] = declaredLength & 0xff;
  out[3] = type;
  out[4] = flags;
  new DataView(out.buffer).setUint32(5, streamId & 0x7fffffff);
  out.set(payload, 9);
  return out;
}

export const FrameType = { DATA: 0, HEADERS: 1, SETTINGS: 4, CONTINUATION: 9 } as const;
export const Flags = { END_STREAM: 0x1, END_HEADERS: 0x4 } as const;

/** HPACK integer with an `n`-bit prefix and the representation's high bits `mask`. */
export function hpackInteger(value: number, n: number, mask = 0): number[] {
  const max = (1 << n) - 1;
  if (value < max) return [mask | value];
  const out = [mask | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

export function hpackString(text: string): number[] {
  const b = bytes(text);
  return [...hpackInteger(b.length, 7), ...b];
}

/** Literal field with incremental indexing, new name (§6.2.1): it goes into the dynamic table. */
export function literalIndexed(name: string, value: string): number[] {
  return [0x40, ...hpackString(name), ...hpackString(value)];
}

/** Literal field without indexing, new name (§6.2.2). */
export function literal(name: string, value: string): number[] {
  return [0x00, ...hpackString(name), ...hpackString(value)];
}

/** Static table entries (Appendix A). */
export const Static = { methodGet: 0x82, pathRoot: 0x84, schemeHttp: 0x86, status200: 0x88 } as const;

/** Dynamic table size update (§6.3). */
export function sizeUpdate(size: number): number[] {
  return hpackInteger(size, 5, 0x20);
}

export const REQUEST_BLOCK = Uint8Array.from([Static.methodGet, Static.schemeHttp, Static.pathRoot, ...literal(':authority', 'bomb')]);

// ---- decompression bombs ----

/** `total` zeros gzip-coded as repeated 1 MiB members: about 1 KiB of wire per MiB. */
export function gzipBomb(total: number): Uint8Array {
  const member = zlib.gzipSync(Buffer.alloc(MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(total / MiB) }, () => member));
}

/** `total` zeros as one brotli stream, compressed 1 MiB at a time (never all in memory). */
export async function brotliBomb(total: number): Promise<Uint8Array> {
  const zero = Buffer.alloc(MiB);
  const encoder = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
  const parts: Buffer[] = [];
  encoder.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise<void>((resolve, reject) => {
    encoder.on('end', resolve);
    encoder.on('error', reject);
  });
  for (let i = 0; i < Math.ceil(total / MiB); i++) {
    if (!encoder.write(zero)) await new Promise((resolve) => encoder.once('drain', resolve));
  }
  encoder.end();
  await done;
  return Buffer.concat(parts);
}

/** `total` zeros as one zstd frame of RLE blocks (RFC 8878 §3.1.1.2: 3-byte block header, 1 byte). */
export function zstdBomb(total: number): Uint8Array {
  const block = 128 * KiB;
  const count = Math.ceil(total / block);
  // Frame header: magic, descriptor 0 (no single segment, no checksum), window descriptor 1 MiB (exp 10 → 2^20).
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, (20 - 10) << 3];
  for (let i = 0; i < count; i++) {
    const last = i === count - 1 ? 1 : 0;
    const header = (block << 3) | (1 << 1) | last;
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x00);
  }
  return Uint8Array.from(out);
}

// ---- memory ----

let collect: (() => void) | undefined;

/** A full GC, when it can be had (v8 flag set at run time), so growth is measured, not garbage. */
export function fullGc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Live JS heap plus buffers: what the pipeline holds. */
export function heldBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Retained bytes after full GCs with turns of the event loop between them: V8 frees array buffers
 * on a background sweeper, which lags when the machine is busy. The least of four samples.
 */
export async function settledHeldBytes(): Promise<number> {
  let least = Infinity;
  for (let round = 0; round < 4; round++) {
    fullGc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    least = Math.min(least, heldBytes());
  }
  return least;
}

/** Records peak retained bytes above a baseline taken at construction (after a full GC). */
export class MemoryGauge {
  readonly #base: number;
  #peak: number;

  constructor() {
    fullGc();
    this.#base = heldBytes();
    this.#peak = this.#base;
  }

  /** `collect`: a full GC first, so the sample is what is retained, not garbage not yet collected. */
  sample(collect = true): void {
    if (collect) fullGc();
    const now = heldBytes();
    if (now > this.#peak) this.#peak = now;
  }

  /**
   * Like sample(), with a turn of the event loop between two full GCs: buffers' memory is released
   * by a background sweeper, which lags behind when the machine is busy.
   */
  async sampleSettled(): Promise<void> {
    fullGc();
    await new Promise((resolve) => setImmediate(resolve));
    this.sample();
  }

  /** Peak growth over the baseline, in bytes. */
  get peakGrowth(): number {
    return this.#peak - this.#base;
  }
}

/** Records as a source would number them; `gauge` samples memory at every record. */
export async function* numbered(records: Iterable<StreamRecord>, gauge?: MemoryGauge): AsyncGenerator<StreamRecord> {
  let seq = 0;
  for (const r of records) {
    if (gauge && seq % 256 === 0) await gauge.sampleSettled();
    yield { ...r, seq: seq++ };
  }
  await gauge?.sampleSettled();
}

/**
 * Every exchange of `records` (both sinks run on each), and the peak retained memory over the run:
 * sampled after a full GC every 256 records and every 64 exchanges (a GC per exchange would cost
 * more than the run once thousands of exchanges are held).
 */
export async function runMeasured(records: Iterable<StreamRecord>, options: AssembleOptions = {}): Promise<{ exchanges: Exchange[]; growth: number }> {
  const gauge = new MemoryGauge();
  const exchanges: Exchange[] = [];
  for await (const x of assembleExchanges(numbered(records, gauge), options)) {
    exchangeToHarEntry(x);
    exchangeToNdjson(x);
    exchanges.push(x);
    if (exchanges.length % 64 === 0) await gauge.sampleSettled();
  }
  await gauge.sampleSettled();
  return { exchanges, growth: gauge.peakGrowth };
}
