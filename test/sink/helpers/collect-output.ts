// Writable streams for the writer tests: one that keeps the text, one that only counts bytes.

import { Writable } from 'node:stream';

export class TextSink extends Writable {
  text = '';
  readonly slow: boolean;
  constructor(options: { highWaterMark?: number; slow?: boolean } = {}) {
    super({ decodeStrings: false, highWaterMark: options.highWaterMark ?? 16 * 1024 });
    this.slow = options.slow ?? false;
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.slow) setImmediate(callback);
    else callback();
  }
}

export class CountingSink extends Writable {
  bytes = 0;
  chunks = 0;
  constructor(highWaterMark = 16 * 1024) {
    super({ decodeStrings: false, highWaterMark });
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    this.chunks++;
    setImmediate(callback);
  }
}
