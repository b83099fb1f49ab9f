// Test-side frame writer (RFC 9113 §4.1, §6): builds frames byte by byte, independently of the
// reader under test, so the reader's output can be checked against what was put in.

export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(9 + payload.length);
  out[0] = (payload.length >>> 16) & 0xff;
  out[1] = (payload.length >>> 8) & 0xff;
  out[2] = payload.length & 0xff;
  out[3] = type;
  out[4] = flags;
  out[5] = (streamId >>> 24) & 0x7f;
  out[6] = (streamId >>> 16) & 0xff;
  out[7] = (streamId >>> 8) & 0xff;
  out[8] = streamId & 0xff;
  out.set(payload, 9);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

function padded(body: Uint8Array, padLength: number | undefined, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (padLength === undefined) return concat(prefix, body);
  return concat(Uint8Array.of(padLength), prefix, body, new Uint8Array(padLength).fill(0xee));
}

export interface DataOptions {
  endStream?: boolean;
  padLength?: number;
}

export function dataFrame(streamId: number, data: Uint8Array, opts: DataOptions = {}): Uint8Array {
  const flags = (opts.endStream ? 0x1 : 0) | (opts.padLength !== undefined ? 0x8 : 0);
  return frame(0x0, flags, streamId, padded(data, opts.padLength));
}

export interface HeadersOptions {
  endStream?: boolean;
  padLength?: number;
  priority?: { exclusive: boolean; dependency: number; weight: number };
  /** Split the block into HEADERS + CONTINUATION at these offsets. */
  splitAt?: number[];
}

function u31(value: number, top = false): Uint8Array {
  return Uint8Array.of(((value >>> 24) & 0x7f) | (top ? 0x80 : 0), (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function pieces(block: Uint8Array, splitAt: number[] = []): Uint8Array[] {
  const cuts = [...new Set(splitAt.filter((n) => n > 0 && n < block.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    out.push(block.subarray(from, cut));
    from = cut;
  }
  out.push(block.subarray(from));
  return out;
}

/** HEADERS (+ CONTINUATION frames when `splitAt` is given), as one byte run. */
export function headersFrames(streamId: number, block: Uint8Array, opts: HeadersOptions = {}): Uint8Array {
  const parts = pieces(block, opts.splitAt);
  const prio = opts.priority
    ? concat(u31(opts.priority.dependency, opts.priority.exclusive), Uint8Array.of(opts.priority.weight - 1))
    : new Uint8Array(0);
  const frames: Uint8Array[] = [];
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (i === 0) {
      const flags =
        (opts.endStream ? 0x1 : 0) | (last ? 0x4 : 0) | (opts.padLength !== undefined ? 0x8 : 0) | (opts.priority ? 0x20 : 0);
      frames.push(frame(0x1, flags, streamId, padded(part, opts.padLength, prio)));
    } else {
      frames.push(frame(0x9, last ? 0x4 : 0, streamId, part));
    }
  });
  return concat(...frames);
}

export function pushPromiseFrames(streamId: number, promised: number, block: Uint8Array, padLength?: number): Uint8Array {
  return frame(0x5, 0x4 | (padLength !== undefined ? 0x8 : 0), streamId, padded(block, padLength, u31(promised)));
}

export function settingsFrame(pairs: Array<[number, number]> = [], ack = false): Uint8Array {
  const payload = new Uint8Array(pairs.length * 6);
  pairs.forEach(([id, value], i) => {
    payload[i * 6] = id >> 8;
    payload[i * 6 + 1] = id & 0xff;
    new DataView(payload.buffer).setUint32(i * 6 + 2, value);
  });
  return frame(0x4, ack ? 0x1 : 0, 0, ack ? new Uint8Array(0) : payload);
}

export function windowUpdateFrame(streamId: number, increment: number): Uint8Array {
  return frame(0x8, 0, streamId, u31(increment));
}

export function rstStreamFrame(streamId: number, code: number): Uint8Array {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, code);
  return frame(0x3, 0, streamId, payload);
}

export function pingFrame(ack = false): Uint8Array {
  return frame(0x6, ack ? 0x1 : 0, 0, new Uint8Array(8).fill(7));
}

export function goawayFrame(lastStreamId: number, code: number): Uint8Array {
  const payload = new Uint8Array(8);
  payload.set(u31(lastStreamId), 0);
  new DataView(payload.buffer).setUint32(4, code);
  return frame(0x7, 0, 0, payload);
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, inside the range). */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((n) => n > 0 && n < bytes.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.slice(from, p));
    from = p;
  }
  out.push(bytes.slice(from));
  return out;
}
