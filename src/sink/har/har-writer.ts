// Streams a HAR 1.2 document: the head goes out with the first entry, each entry is serialized and
// handed to the stream as it arrives (nothing is kept), and close() writes the tail so the file is
// valid JSON however the capture ended. Writes are queued, so callers may or may not await them.

import type { Exchange } from '../../model/exchange.js';
import { OutputQueue } from '../queue-output.js';
import { SinkClosedError } from '../sink-errors.js';
import { exchangeToHarEntry, type HarOptions } from './convert-exchange.js';
import type { HarCreator } from './har-types.js';
import { readPackageIdentity } from './read-creator.js';

export interface HarWriterOptions extends HarOptions {
  /** End the output stream in close() and wait for it to flush. Default false (the caller owns it). */
  endStream?: boolean;
}

type WriterState = 'open' | 'closing' | 'closed';

export class HarWriter {
  readonly #output: OutputQueue;
  readonly #options: HarWriterOptions;
  #state: WriterState = 'open';
  #headWritten = false;
  #closing: Promise<void> | undefined;
  #written = 0;
  #skipped = 0;
  #failed = 0;
  #firstFailure: string | undefined;

  constructor(out: NodeJS.WritableStream, options: HarWriterOptions = {}) {
    this.#output = new OutputQueue(out);
    this.#options = options;
  }

  /** Entries written so far. */
  get written(): number {
    return this.#written;
  }

  /** Exchanges left out because HAR cannot represent them (no request method or URL). */
  get skipped(): number {
    return this.#skipped;
  }

  /** Appends one exchange (or counts it as skipped). Resolves once the stream has accepted it. */
  write(x: Exchange): Promise<void> {
    if (this.#state === 'closing' || this.#state === 'closed') return Promise.reject(new SinkClosedError('HarWriter'));
    return this.#output.enqueue(() => this.#writeExchange(x));
  }

  /**
   * Finishes the document: waits for queued writes, then writes the tail (with `extraComment` in
   * `log.comment`). Safe to call more than once and after a failed write; always ends in valid JSON
   * as long as the stream itself still accepts bytes.
   */
  close(extraComment?: string): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#state = 'closing';
    this.#closing = this.#output.enqueue(async () => {
      await this.#output.send(this.#headIfNeeded() + this.#tail(extraComment));
      if (this.#options.endStream) await this.#output.end();
      this.#state = 'closed';
    });
    return this.#closing;
  }

  async #writeExchange(x: Exchange): Promise<void> {
    let json: string;
    try {
      const entry = exchangeToHarEntry(x, this.#options);
      if (entry === undefined) {
        this.#skipped++;
        return;
      }
      json = JSON.stringify(entry);
    } catch (error) {
      // A conversion bug must not cost the whole file: count it and say so in log.comment.
      this.#failed++;
      this.#firstFailure ??= `${x.id}: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const separator = this.#written === 0 ? '\n' : ',\n';
    await this.#output.send(this.#headIfNeeded() + separator + json);
    this.#written++;
  }

  /** The document head, the first time only; written lazily so constructing a writer writes nothing. */
  #headIfNeeded(): string {
    if (this.#headWritten) return '';
    this.#headWritten = true;
    const identity = readPackageIdentity();
    const creator: HarCreator = { name: identity.name, version: this.#options.creatorVersion ?? identity.version };
    const pages = this.#options.pageless ? '' : '"pages":[],';
    return `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},${pages}"entries":[`;
  }

  #tail(extraComment: string | undefined): string {
    const comments: string[] = [];
    if (this.#skipped > 0) {
      comments.push(
        `${this.#skipped} exchange${this.#skipped === 1 ? '' : 's'} left out: a response whose request was never ` +
          'captured has no method or URL, which a HAR entry requires (the NDJSON export keeps them)',
      );
    }
    if (this.#failed > 0) {
      comments.push(`${this.#failed} exchange${this.#failed === 1 ? '' : 's'} could not be converted (first: ${this.#firstFailure})`);
    }
    if (extraComment) comments.push(extraComment);
    let tail = this.#written > 0 ? '\n]' : ']';
    if (comments.length > 0) tail += `,"comment":${JSON.stringify(comments.join('; '))}`;
    if (this.#skipped > 0) tail += `,"_skippedExchanges":${this.#skipped}`;
    return `${tail}}}\n`;
  }
}
