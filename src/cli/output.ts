// Writing lines to stdout with back-pressure, and ending quietly when the reader goes away
// (`ecapture-http read … | head`).

import type { Writable } from 'node:stream';

export class LineWriter {
  #out: Writable;
  #closed = false;

  constructor(out: Writable) {
    this.#out = out;
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.#closed = true;
    });
  }

  /** False once the reader has gone: callers stop producing. */
  get open(): boolean {
    return !this.#closed;
  }

  async line(text: string): Promise<void> {
    if (this.#closed) return;
    if (!this.#out.write(text + '\n')) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.#out.off('drain', done);
          this.#out.off('close', done);
          resolve();
        };
        this.#out.once('drain', done);
        this.#out.once('close', done);
      });
    }
  }
}

/** True when the error says the reader of our output went away (EPIPE), itself or as a cause. */
export function isBrokenPipe(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    if ((current as { code?: unknown }).code === 'EPIPE') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
