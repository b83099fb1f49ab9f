// Size-delimited framing of recordings (.ldpb, protocol reference §6): `varint(len) || message`,
// repeated, no header, no trailer. DelimitedReader is sans-IO: push bytes in, pull messages out.

import type { UndecodableRecord } from '../decode/records.js';
import { undecodable } from '../decode/undecodable.js';

/** A protobuf varint has at most 10 bytes. */
const MAX_VARINT_BYTES = 10;
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const RETAINED_BUFFER_BYTES = 1024 * 1024;

/** Encodes `n` (0 ≤ n < 2^53) as a base-128 varint. */
export function encodeVarint(n: number): Uint8Array {
  const out: number[] = [];
  let value = n;
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return Uint8Array.from(out);
}

/** `varint(message.length) || message`. */
export function encodeDelimited(message: Uint8Array): Uint8Array {
  const prefix = encodeVarint(message.length);
  const out = new Uint8Array(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}

export interface DelimitedMessageStep {
  /** A copy: it does not pin the reader's buffer. */
  message: Uint8Array;
  /** Byte offset of the record (its varint prefix) in the input. */
  offset: number;
}

export type DelimitedStep = DelimitedMessageStep | { error: UndecodableRecord };

export interface DelimitedReaderOptions {
  /** Records declaring more bytes than this are `oversized-record` (default 64 MiB). */
  maxMessageBytes?: number;
}

type ReaderState = 'reading' | 'failed' | 'ended';

export class DelimitedReader {
  #state: ReaderState = 'reading';
  #buffer = new Uint8Array(0);
  /** Unread bytes are #buffer[#start, #end). */
  #start = 0;
  #end = 0;
  /** Input offset of #buffer[#start]. */
  #offset = 0;
  readonly #maxMessageBytes: number;

  constructor(options: DelimitedReaderOptions = {}) {
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Appends input. Ignored after an error or end(). */
  push(chunk: Uint8Array): void {
    if (this.#state !== 'reading' || chunk.length === 0) return;
    const unread = this.#end - this.#start;
    if (this.#end + chunk.length > this.#buffer.length) {
      if (unread + chunk.length <= this.#buffer.length) {
        this.#buffer.copyWithin(0, this.#start, this.#end);
      } else {
        const grown = new Uint8Array(Math.max(unread + chunk.length, this.#buffer.length * 2, 64 * 1024));
        grown.set(this.#buffer.subarray(this.#start, this.#end), 0);
        this.#buffer = grown;
      }
      this.#start = 0;
      this.#end = unread;
    }
    this.#buffer.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** The next complete message, an error (after which the reader stops), or undefined for "need more input". */
  next(): DelimitedStep | undefined {
    if (this.#state !== 'reading') return undefined;
    const buffer = this.#buffer;
    let length = 0;
    let scale = 1;
    let i = this.#start;
    for (;;) {
      if (i === this.#end) return undefined; // varint not complete yet
      const byte = buffer[i]!;
      length += (byte & 0x7f) * scale;
      scale *= 0x80;
      i++;
      if ((byte & 0x80) === 0) break;
      if (i - this.#start >= MAX_VARINT_BYTES) {
        return this.#fail('bad-varint', i - this.#start, `length prefix longer than ${MAX_VARINT_BYTES} bytes`);
      }
    }
    if (length > this.#maxMessageBytes) {
      return this.#fail('oversized-record', length, `record declares ${length} bytes, limit ${this.#maxMessageBytes}`);
    }
    if (this.#end - i < length) return undefined;
    const message = buffer.slice(i, i + length);
    const offset = this.#offset;
    this.#offset += i + length - this.#start;
    this.#start = i + length;
    if (this.#start === this.#end) {
      this.#start = 0;
      this.#end = 0;
      // Do not keep a big message's buffer for the rest of a long recording.
      if (this.#buffer.length > RETAINED_BUFFER_BYTES) this.#buffer = new Uint8Array(0);
    }
    return { message, offset };
  }

  /**
   * Input is over. Returns `truncated-record` when unread bytes remain (a cut last record), else
   * undefined (also after an earlier error, which next() already returned).
   */
  end(): UndecodableRecord | undefined {
    if (this.#state !== 'reading') return undefined;
    this.#state = 'ended';
    const unread = this.#end - this.#start;
    this.#release();
    if (unread === 0) return undefined;
    return undecodable('truncated-record', unread, `input ends inside a record (${unread} bytes left)`, { offset: this.#offset });
  }

  /** Input offset of the next unread byte. */
  get offset(): number {
    return this.#offset;
  }

  #fail(code: 'bad-varint' | 'oversized-record', byteLength: number, detail: string): { error: UndecodableRecord } {
    this.#state = 'failed';
    this.#release();
    return { error: undecodable(code, byteLength, detail, { offset: this.#offset }) };
  }

  #release(): void {
    this.#buffer = new Uint8Array(0);
    this.#start = 0;
    this.#end = 0;
  }
}
