// Turns llhttp's events for one direction into Http1Messages: the open message, its body and
// trailers, its exact head size (from the head window), and cutting it when the capture lost its end.

import type { ExchangeIssue, Instant } from '../model/exchange.js';
import { WireBodyCollector } from '../body/wire-body.js';
import { bodyFraming, contentCodings } from './build-head.js';
import { HeadWindow, measureHeadFromStart, measurePausedHead } from './head-window.js';
import type { Http1Message } from './http1-message.js';
import type { HeadVerdict, ParsedHead, ParserEvents } from './llhttp-adapter.js';
import type { Segment } from './segment-queue.js';

export type MessageKind = 'request' | 'response';

export interface BuilderHooks {
  /** Issues owed to the next message of this direction, and whether bytes were lost before it. */
  lead(kind: MessageKind): { issues: ExchangeIssue[]; afterDiscontinuity: boolean };
  /** Headers complete: pair it; for responses decide the framing (HEAD, CONNECT). */
  head(message: Http1Message): HeadVerdict;
  /** The message ended, complete or cut. */
  complete(message: Http1Message): void;
}

/** Bytes kept beyond the header limit, so a head plus what precedes it still fits the window. */
const HEAD_SLACK = 8 * 1024;

export class MessageBuilder implements ParserEvents {
  readonly #maxBodyBytes: number;
  readonly #hooks: BuilderHooks;
  readonly #window: HeadWindow;
  /** Stream offset where the next message begins, when the previous one's framing tells. */
  #nextStart: number | undefined;
  /** The current (or last) call's event time and truncation hint; not its bytes, which must not outlive the call. */
  #at: Instant | undefined;
  #possiblyTruncated = false;
  #message: Http1Message | undefined;
  #headBegun = false;
  #headStartAt: Instant | undefined;
  #stopAfter: Http1Message | undefined;
  #pauses = true;

  constructor(maxHeaderSize: number, maxBodyBytes: number, hooks: BuilderHooks) {
    this.#maxBodyBytes = maxBodyBytes;
    this.#hooks = hooks;
    this.#window = new HeadWindow(maxHeaderSize + HEAD_SLACK);
  }

  /** A message is open: its head has begun or its body is being read. */
  get busy(): boolean {
    return this.#headBegun || this.#message !== undefined;
  }

  get open(): Http1Message | undefined {
    return this.#message;
  }

  /** When the open message (or head) last saw a byte. */
  get lastMs(): number | undefined {
    return this.#message?.lastMs ?? (this.#headBegun ? this.#headStartAt?.ms : undefined);
  }

  /** A new parser starts at stream offset `abs`: a message begins there. */
  restart(abs: number, pauses: boolean): void {
    this.#window.reset(abs);
    this.#nextStart = abs;
    this.#message = undefined;
    this.#headBegun = false;
    this.#stopAfter = undefined;
    this.#pauses = pauses;
  }

  /** The bytes of one execute call start at stream offset `abs`. */
  beginCall(abs: number, piece: Uint8Array, segment: Segment): void {
    this.#at = segment.at;
    this.#possiblyTruncated = segment.possiblyTruncated;
    if (this.#message && segment.possiblyTruncated) this.#message.sawPossiblyTruncated = true;
    this.#window.beginCall(abs, piece);
  }

  endCall(consumed: number): void {
    // Bytes are kept only while a head is incomplete: the pause that ends it must look back to
    // where it began. Between messages and inside bodies nothing is kept but a 4-byte lookbehind,
    // so an idle connection holds no copy of its last event.
    this.#window.endCall(consumed, this.#headBegun);
  }

  /** llhttp paused right after a head, `offset` bytes into the current call. */
  headEnded(offset: number): void {
    const message = this.#message;
    if (!message) return;
    const measure = measurePausedHead(this.#window.region(offset), this.#nextStart);
    if (measure.headBytes !== undefined) message.headBytes = measure.headBytes;
    this.#nextStart = nextStartAfter(message, measure.endAbs);
  }

  /** The upgrade/CONNECT/101 message after which llhttp stops, once it completed. */
  takeStop(): Http1Message | undefined {
    const message = this.#stopAfter;
    this.#stopAfter = undefined;
    return message;
  }

  /**
   * Ends the open message as cut (issue `code`, body truncated unless a read-until-close body is
   * inferred complete). A head that had only begun has no message to show: its issue is returned.
   */
  cut(code: ExchangeIssue['code'], detail: string): ExchangeIssue | undefined {
    const message = this.#message;
    let lost: ExchangeIssue | undefined;
    if (message && !message.done) {
      const side = message.kind;
      message.issues.push({ code, side, detail });
      const untilClose = code === 'completion-inferred' && message.framing === 'until-close';
      if (!untilClose) message.issues.push({ code: 'body-truncated', side, detail: 'the body did not end in the capture' });
      this.#end(message, !untilClose);
    } else if (this.#headBegun) {
      lost = { code, detail: `a message head was lost: ${detail}` };
    }
    this.#message = undefined;
    this.#headBegun = false;
    return lost;
  }

  // ---- llhttp events ----

  messageBegin(): void {
    this.#headBegun = true;
    this.#headStartAt = this.#at;
  }

  headersComplete(head: ParsedHead): HeadVerdict {
    const at = this.#headStartAt ?? this.#at!;
    const kind: MessageKind = head.kind;
    const { issues, afterDiscontinuity } = this.#hooks.lead(kind);
    const message: Http1Message = {
      kind,
      head,
      framing: 'none',
      collector: new WireBodyCollector(this.#maxBodyBytes),
      start: at,
      lastMs: this.#at?.ms ?? at.ms,
      done: false,
      issues,
      stops: false,
      afterDiscontinuity,
      sawPossiblyTruncated: this.#possiblyTruncated,
    };
    this.#headBegun = false;
    this.#message = message;
    const verdict = this.#hooks.head(message);
    const status = head.status ?? 0;
    const bodiless = verdict !== 'normal' || (kind === 'response' && ((status >= 100 && status < 200) || status === 204 || status === 304));
    message.framing = bodyFraming(head, !bodiless).framing;
    message.stops = kind === 'request' ? head.upgrade : status === 101 || verdict === 'tunnel';
    if (verdict !== 'normal' || head.upgrade || !this.#pauses) {
      // No pause comes: measure from the known start, within what this call can see.
      const measure = measureHeadFromStart(this.#window.region(Number.MAX_SAFE_INTEGER), this.#nextStart);
      if (measure.headBytes !== undefined) message.headBytes = measure.headBytes;
      this.#nextStart = nextStartAfter(message, measure.endAbs);
    }
    return verdict;
  }

  body(chunk: Uint8Array): void {
    const message = this.#message;
    if (!message) return;
    message.collector.push(chunk);
    message.lastMs = this.#at?.ms ?? message.lastMs;
  }

  trailers(fields: ParsedHead['headers']): void {
    if (!this.#message) return;
    this.#message.trailers = [...(this.#message.trailers ?? []), ...fields];
  }

  messageComplete(): void {
    const message = this.#message;
    this.#window.messageCompleted();
    if (!message) return;
    this.#message = undefined;
    message.lastMs = this.#at?.ms ?? message.lastMs;
    if (message.stops) this.#stopAfter = message;
    this.#end(message, false);
  }

  #end(message: Http1Message, truncated: boolean): void {
    message.done = true;
    message.end = this.#at ?? message.start;
    message.body = message.collector.finish({ truncated, codings: contentCodings(message.head.headers) });
    this.#hooks.complete(message);
  }
}

function nextStartAfter(message: Http1Message, headEndAbs: number | undefined): number | undefined {
  if (headEndAbs === undefined) return undefined;
  if (message.framing === 'none') return headEndAbs;
  if (message.framing === 'length') {
    const length = Number(message.head.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1]?.trim());
    return Number.isSafeInteger(length) ? headEndAbs + length : undefined;
  }
  return undefined; // chunked: the blank line after the last chunk marks the next start
}
