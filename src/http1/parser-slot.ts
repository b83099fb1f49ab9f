// The llhttp parser one MessageReader is using, if any. It is taken from the pool when a message
// may begin and given back between messages, so an idle keep-alive connection holds none (each
// native parser costs ~2.7 KB, and connections without a close signal live for
// `connectionIdleMs`); a fresh parser at a message boundary is in the state the old one was in.
// Also remembers where the parser began, which the reader's resync must always get past.

import type { LlhttpParser, ParserEvents, ParserKind } from './llhttp-adapter.js';
import { acquireParser, releaseParser } from './parser-pool.js';

export class ParserSlot {
  readonly #maxHeaderSize: number;
  readonly #events: ParserEvents;
  #parser: LlhttpParser | undefined;
  #startAbs = 0;

  constructor(maxHeaderSize: number, events: ParserEvents) {
    this.#maxHeaderSize = maxHeaderSize;
    this.#events = events;
  }

  get parser(): LlhttpParser | undefined {
    return this.#parser;
  }

  /** Stream offset where the current parser began. */
  get startAbs(): number {
    return this.#startAbs;
  }

  /** A new parser for bytes from stream offset `abs` (the one held, if any, goes back). */
  start(kind: ParserKind, abs: number): void {
    this.release();
    this.#parser = acquireParser(kind, { maxHeaderSize: this.#maxHeaderSize }, this.#events);
    this.#startAbs = abs;
  }

  /** The held parser, or a new one from `abs` after it was given back between messages. */
  ensure(kind: ParserKind, abs: number): void {
    if (!this.#parser) this.start(kind, abs);
  }

  release(): void {
    if (this.#parser) releaseParser(this.#parser);
    this.#parser = undefined;
  }
}
