// What the assembler keeps per direction of a connection: its frame reader, its HPACK decoder
// (created at the first header block, fresh or late-attached), and how its bytes began.

import type { FrameEvent } from './frame-events.js';
import { FrameReader, type FrameReaderOptions } from './frame-reader.js';
import { HpackDecoder, type HeaderBlockResult, type HpackDecoderOptions } from './hpack/decoder.js';

export type DecoderLimits = Omit<HpackDecoderOptions, 'lateAttach'>;

export class DirectionState {
  readonly reader: FrameReader;
  /** How the direction's bytes began. */
  startedWith: 'preface' | 'frames' | 'lost' | undefined;
  /** The first frame was a non-ACK SETTINGS (a server's connection preface) or something else. */
  firstFrame: 'settings' | 'other' | undefined;
  #decoder: HpackDecoder | undefined;
  /** A discontinuity came before the decoder existed: it must start with an unknown table. */
  #unknownBeforeDecoder = false;
  readonly #limits: DecoderLimits;

  /** `reader` may be carried over (a new preface found mid-push starts a new connection). */
  constructor(reader: FrameReader | FrameReaderOptions, limits: DecoderLimits, startedWith?: 'preface') {
    this.reader = reader instanceof FrameReader ? reader : new FrameReader(reader);
    this.#limits = limits;
    this.startedWith = startedWith;
  }

  /** Records how the direction began, from its first events. */
  note(event: FrameEvent): void {
    if (event.kind === 'preface') this.startedWith ??= 'preface';
    else if (event.kind === 'lost' && event.reason === 'mid-stream-start') this.startedWith ??= 'lost';
    else if (event.kind !== 'lost' && event.kind !== 'resync') {
      this.startedWith ??= 'frames';
      this.firstFrame ??= event.kind === 'settings' && !event.ack ? 'settings' : 'other';
    }
  }

  /**
   * Decodes one header block. `fresh`: the connection was seen from its start, so the decoder
   * may begin with the known empty table (only used when the decoder is created now).
   */
  decode(block: Uint8Array, complete: boolean, fresh: boolean): HeaderBlockResult {
    this.#decoder ??= new HpackDecoder({ ...this.#limits, lateAttach: !fresh || this.#unknownBeforeDecoder });
    const result = this.#decoder.decode(block);
    // Part of the block is missing: its insertions (and everything after) are unknown.
    if (!complete) this.#decoder.markAllUnknown();
    return result;
  }

  /** Any loss on this direction: its whole dynamic table becomes unknown entries. */
  discontinuity(): void {
    if (this.#decoder) this.#decoder.markAllUnknown();
    else this.#unknownBeforeDecoder = true;
  }
}
