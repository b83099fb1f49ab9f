// Serializes a writer's work on one output stream: tasks run one after another in call order (so
// callers may fire writes without awaiting them), each waits for 'drain' when the stream is full,
// and a stream failure makes later sends reject instead of waiting forever.

import { SinkOutputError } from './sink-errors.js';
import { endStream, writeChunk } from './write-chunk.js';

export class OutputQueue {
  readonly #out: NodeJS.WritableStream;
  #tail: Promise<void> = Promise.resolve();
  #streamError: unknown;

  constructor(out: NodeJS.WritableStream) {
    this.#out = out;
    out.on('error', (error: unknown) => {
      this.#streamError ??= error;
    });
  }

  /** Runs `task` after every task queued before it; a failed task does not block later ones. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async send(chunk: string): Promise<void> {
    if (this.#streamError !== undefined) {
      throw new SinkOutputError(String(this.#streamError), { cause: this.#streamError });
    }
    await writeChunk(this.#out, chunk);
  }

  end(): Promise<void> {
    return endStream(this.#out);
  }
}
