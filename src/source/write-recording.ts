// Appends messages to a size-delimited recording (.ldpb): `varint(len) || message`, byte-exact.
// Back-pressure: write() resolves at once while the file stream's buffer is under its high-water
// mark and otherwise waits for 'drain', so a caller that awaits each write keeps memory bounded.

import { createWriteStream, type WriteStream } from 'node:fs';
import { encodeDelimited } from './delimited.js';

export interface RecordingWriterOptions {
  /** `w` (default) truncates an existing file, `a` appends, `wx` refuses to overwrite. */
  flags?: 'w' | 'a' | 'wx' | 'ax';
  /** Bytes buffered before write() waits for the disk (default 1 MiB). */
  highWaterMark?: number;
}

/** Opening, writing or closing the recording failed; `cause` holds the fs error. */
export class RecordingWriteError extends Error {
  readonly code = 'recording-write-failed';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'RecordingWriteError';
  }
}

type WriterState = 'idle' | 'open' | 'closed';

export class RecordingWriter {
  #state: WriterState = 'idle';
  #path: string | undefined;
  readonly #options: RecordingWriterOptions;
  #stream: WriteStream | undefined;
  #opening: Promise<void> | undefined;
  #error: RecordingWriteError | undefined;
  #errorReported = false;
  #messages = 0;
  #bytes = 0;

  /** With a path the file is opened on the first write (or close); otherwise call open(path). */
  constructor(path?: string, options: RecordingWriterOptions = {}) {
    this.#path = path;
    this.#options = options;
  }

  /** Opens (creates) the file. Idempotent; rejects with RecordingWriteError. */
  async open(path?: string): Promise<void> {
    try {
      await this.#ensureOpen(path);
    } catch (error) {
      this.#errorReported = true;
      throw error;
    }
  }

  #ensureOpen(path?: string): Promise<void> {
    if (this.#opening) return this.#opening;
    if (path !== undefined) this.#path = path;
    const target = this.#path;
    if (target === undefined) return Promise.reject(new RecordingWriteError('RecordingWriter: no path given', { cause: undefined }));
    this.#opening = new Promise<void>((resolve, reject) => {
      const stream = createWriteStream(target, {
        flags: this.#options.flags ?? 'w',
        highWaterMark: this.#options.highWaterMark ?? 1024 * 1024,
      });
      this.#stream = stream;
      stream.on('error', (error) => {
        this.#error ??= new RecordingWriteError(`recording ${target}: ${error.message}`, { cause: error });
      });
      const onReady = (): void => {
        stream.off('error', onOpenError);
        this.#state = 'open';
        resolve();
      };
      const onOpenError = (): void => {
        stream.off('ready', onReady);
        reject(this.#error);
      };
      stream.once('ready', onReady);
      stream.once('error', onOpenError);
    });
    return this.#opening;
  }

  /** Messages and message bytes (without prefixes) written so far. */
  get stats(): { messages: number; bytes: number } {
    return { messages: this.#messages, bytes: this.#bytes };
  }

  /** Appends one message with its varint length prefix. Rejects with RecordingWriteError. */
  async write(message: Uint8Array): Promise<void> {
    if (this.#closed) throw new RecordingWriteError('RecordingWriter: write after close', { cause: undefined });
    await this.open();
    const stream = this.#stream!;
    if (this.#error) throw this.#takeError();
    if (this.#closed) throw new RecordingWriteError('RecordingWriter: write after close', { cause: undefined });
    const fits = stream.write(encodeDelimited(message));
    this.#messages++;
    this.#bytes += message.length;
    if (!fits) await this.#drain(stream);
  }

  /** Flushes and closes. Opens (creates) the file first if nothing was written. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    try {
      await this.#ensureOpen();
    } catch (error) {
      this.#state = 'closed';
      if (this.#errorReported) return;
      this.#errorReported = true;
      throw error;
    }
    this.#state = 'closed';
    const stream = this.#stream!;
    await new Promise<void>((resolve) => {
      if (stream.closed) resolve();
      else {
        stream.once('close', () => resolve());
        stream.end();
      }
    });
    if (this.#error && !this.#errorReported) throw this.#takeError();
  }

  #drain(stream: WriteStream): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        if (this.#error) reject(this.#takeError());
        else resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }

  /** A getter, so TypeScript does not narrow #state across the awaits in write(). */
  get #closed(): boolean {
    return this.#state === 'closed';
  }

  #takeError(): RecordingWriteError {
    this.#errorReported = true;
    return this.#error ?? new RecordingWriteError('recording stream failed', { cause: undefined });
  }
}
