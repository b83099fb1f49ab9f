// One direction of an HTTP/1 connection: bytes in, messages out. A state machine around one llhttp
// parser that also finds where messages begin when the bytes do not start with one (late attach,
// parse errors, gaps), holds bytes when told to wait, and cuts messages the capture lost.
//
//   seeking ──start line──▶ parsing ──error / gap / idle──▶ seeking
//      │                      │  ▲
//      │ (role unknown:       │  └──release── waiting (a response before its request; an upgrade
//      │  the host decides)   └──stop───────▶ waiting ──host──▶ stopped      awaiting its answer)

import type { Direction } from '../decode/records.js';
import type { ExchangeIssue } from '../model/exchange.js';
import { H2_PREFACE, beginsWithStartLine, findStartLine, type StartLineKind } from './find-start-line.js';
import type { Http1Message } from './http1-message.js';
import type { Http1Options } from './http1-options.js';
import { headPauseSupported, type HeadVerdict } from './llhttp-adapter.js';
import { LossLedger } from './loss-ledger.js';
import { MessageBuilder, type MessageKind } from './message-builder.js';
import { ParserSlot } from './parser-slot.js';
import { SegmentQueue, type Segment } from './segment-queue.js';

export type { MessageKind } from './message-builder.js';

export interface ReaderHost {
  /** Headers complete: pair the message; for responses decide the framing (HEAD, CONNECT). */
  head(reader: MessageReader, message: Http1Message): HeadVerdict;
  /** The message ended, complete or cut (its issues and body status say which). */
  complete(reader: MessageReader, message: Http1Message): void;
  /** llhttp stopped after `message` (upgrade, CONNECT, 101); the reader now waits for the host. */
  stopped(reader: MessageReader, message: Http1Message): void;
  /** Role unknown: this reader found its first start line. */
  roleFound(reader: MessageReader, kind: StartLineKind): void;
  /** A client sent the HTTP/2 preface: `rest` starts with it; the reader is stopped. */
  preface(reader: MessageReader, rest: Segment[]): void;
  /** Whether a response may begin now (its request is known, or waiting is pointless). */
  responseMayStart(): boolean;
}

type ReaderState = 'seeking' | 'parsing' | 'waiting' | 'stopped';
type WaitReason = 'request' | 'verdict';

const PREFACE_BYTES = new TextEncoder().encode(H2_PREFACE);

export class MessageReader {
  #state: ReaderState = 'seeking';
  readonly direction: Direction;
  #kind: MessageKind | undefined;
  readonly #options: Http1Options;
  readonly #host: ReaderHost;
  readonly #builder: MessageBuilder;
  readonly #held = new SegmentQueue();
  #waitReason: WaitReason | undefined;
  #scanFrom = 0;
  readonly #slot: ParserSlot;
  /** Stream offset of the next byte the parser (or the held queue's front) stands for. */
  #fedAbs = 0;
  #previousPossiblyTruncated = false;
  readonly #losses = new LossLedger();
  /** Segments waiting to be dispatched; a loop, not recursion, works through them. */
  readonly #inbox: Segment[] = [];
  #pumping = false;
  /** A forced release: the next response goes ahead without waiting for its request. */
  #stallBypass = false;

  constructor(direction: Direction, options: Http1Options, host: ReaderHost, kind?: MessageKind) {
    this.direction = direction;
    this.#options = options;
    this.#host = host;
    this.#kind = kind;
    this.#builder = new MessageBuilder(options.maxHeaderSize, options.maxBodyBytes, {
      lead: (k) => {
        this.#stallBypass = false;
        return this.#losses.lead(k);
      },
      head: (message) => this.#host.head(this, message),
      complete: (message) => this.#host.complete(this, message),
    });
    this.#slot = new ParserSlot(options.maxHeaderSize, this.#builder);
  }

  get kind(): MessageKind | undefined {
    return this.#kind;
  }

  get state(): ReaderState {
    return this.#state;
  }

  get waitingFor(): WaitReason | undefined {
    return this.#state === 'waiting' ? this.#waitReason : undefined;
  }

  /** Parsing cleanly: nothing skipped or lost since its last message. */
  get clean(): boolean {
    return this.#state === 'parsing' && this.#losses.clean;
  }

  /** Bytes were skipped or may be missing since this direction's last message. */
  get lossPending(): boolean {
    return !this.#losses.clean;
  }

  /** Nothing seen yet on this direction. */
  get pristine(): boolean {
    return this.#state === 'seeking' && this.#held.isEmpty && this.#losses.untouched;
  }

  /** Issues not attached to any message (a lost head, garbage, skipped bytes); reported once. */
  takePendingIssues(): ExchangeIssue[] {
    return this.#losses.takeOwed(this.#kind ?? 'connection');
  }

  /** The host fixed this reader's role. */
  assignKind(kind: MessageKind): void {
    if (this.#kind !== undefined) return;
    this.#kind = kind;
    this.#scanFrom = 0;
    if (this.#state === 'seeking') this.#scan(false);
    this.#pump();
  }

  push(segment: Segment): void {
    if (segment.bytes.length === 0) return;
    this.#inbox.push(segment);
    this.#pump();
  }

  /** Ends a wait for a request (the stall) or, after a declined upgrade, resumes HTTP/1 parsing. */
  release(force = false): void {
    if (this.#state !== 'waiting') return;
    const verdict = this.#waitReason === 'verdict';
    this.#state = 'parsing';
    this.#waitReason = undefined;
    if (force) this.#stallBypass = true;
    if (verdict) this.#startParser(this.#fedAbs);
    this.#inbox.unshift(...this.#held.take());
    this.#pump();
  }

  /** Stops for good; returns what was held (upgraded bytes) and drops everything later. */
  stop(): Segment[] {
    this.#slot.release();
    this.#state = 'stopped';
    this.#builder.restart(this.#fedAbs, false);
    return this.#held.take();
  }

  /** Bytes may be missing here: cut the open message, then look for the next start line. */
  gap(): void {
    this.#losses.discontinuity();
    if (this.#state !== 'parsing') return;
    this.#cut('gap', 'bytes may be missing here (capture gap)');
    this.#toSeeking();
  }

  /** Nothing arrived for the idle timeout: end a stall, or give up on the open message. */
  idle(nowMs: number, idleMs: number): void {
    if (this.#state === 'waiting' && this.#waitReason === 'request' && nowMs - (this.#held.lastMs ?? nowMs) >= idleMs) {
      this.release(true);
    }
    const last = this.#builder.lastMs;
    if (this.#state !== 'parsing' || last === undefined || nowMs - last < idleMs) return;
    this.#cut('completion-inferred', `no byte for ${idleMs} ms`);
    this.#losses.discontinuity();
    this.#toSeeking();
  }

  /** End of input: complete read-until-close bodies, cut the rest. */
  finish(): void {
    if (this.#state === 'waiting' && this.#waitReason === 'request') this.release(true);
    if (this.#state === 'seeking' && this.#kind !== undefined && !this.#held.isEmpty) {
      this.#scan(true);
      this.#pump();
    }
    if (this.#state !== 'parsing') return;
    const open = this.#builder.open;
    const parser = this.#slot.parser;
    if (open && open.framing === 'until-close' && parser && parser.finish().kind === 'ok' && open.done) {
      open.issues.push({ code: 'completion-inferred', side: open.kind, detail: 'body read until the end of input' });
      return;
    }
    this.#cut('end-of-input', 'input ended inside the message');
  }

  // ---- dispatch ----

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let segment = this.#inbox.shift(); segment; segment = this.#inbox.shift()) this.#dispatch(segment);
      this.#rest();
    } finally {
      this.#pumping = false;
    }
  }

  /** Between messages with nothing open or held, the parser goes back to the pool (parser-slot.ts). */
  #rest(): void {
    if (this.#state === 'parsing' && !this.#builder.busy && this.#inbox.length === 0 && this.#held.isEmpty) this.#slot.release();
  }

  #dispatch(segment: Segment): void {
    switch (this.#state) {
      case 'stopped':
        return; // upgraded, tunnelled or HTTP/2 bytes: not ours
      case 'seeking':
        this.#held.push(segment);
        this.#scan(false);
        return;
      case 'waiting': {
        this.#held.push(segment);
        const excess = this.#held.size - this.#options.maxPendingBytes;
        if (excess <= 0) return;
        if (this.#waitReason === 'request') this.release(true);
        else this.#skip(excess); // an upgrade nobody answered (yet): keep only the newest bytes
        return;
      }
      case 'parsing':
        this.#parse(segment);
        return;
    }
  }

  // ---- seeking ----

  #scan(final: boolean): void {
    while (this.#state === 'seeking' && !this.#held.isEmpty) {
      const found = findStartLine(this.#held.joined(), {
        want: this.#kind ?? 'either',
        eventStarts: this.#held.eventStarts(),
        maxLineBytes: this.#options.maxHeaderSize,
        final,
        from: this.#scanFrom,
      });
      if (found.hit === undefined) {
        if (this.#kind === undefined) {
          // Role unknown: keep the bytes (an HTTP/2 server's SETTINGS may be needed later), bounded.
          this.#scanFrom = found.keepFrom;
          const excess = this.#held.size - this.#options.maxPendingBytes;
          if (excess > 0) this.#skip(excess);
        } else {
          this.#skip(found.keepFrom);
        }
        return;
      }
      const hit = found.hit;
      if (hit.kind === 'preface') {
        if (this.#kind === 'response') {
          this.#skip(hit.offset + 1);
          continue;
        }
        this.#skip(hit.offset);
        this.#state = 'stopped';
        this.#host.preface(this, this.#held.take());
        return;
      }
      if (this.#kind === undefined) {
        this.#host.roleFound(this, hit.kind); // assigns our kind, which scans again
        return;
      }
      if (hit.kind !== this.#kind) {
        this.#skip(hit.offset + 1); // a start line of the other side: not ours
        continue;
      }
      this.#skip(hit.offset);
      this.#state = 'parsing';
      this.#startParser(this.#fedAbs);
      this.#inbox.unshift(...this.#held.take());
      return;
    }
  }

  #skip(count: number): void {
    const dropped = this.#held.dropFront(count);
    this.#losses.skipped(dropped);
    this.#fedAbs += dropped;
    this.#scanFrom = Math.max(0, this.#scanFrom - dropped);
  }

  #toSeeking(): void {
    this.#slot.release();
    this.#builder.restart(this.#fedAbs, false);
    this.#state = 'seeking';
    this.#scanFrom = 0;
  }

  // ---- parsing ----

  #startParser(abs: number): void {
    this.#slot.start(this.#kind ?? 'request', abs);
    this.#builder.restart(abs, headPauseSupported());
  }

  #parse(segment: Segment): void {
    this.#slot.ensure(this.#kind ?? 'request', this.#fedAbs);
    const busy = this.#builder.busy;
    if (busy && segment.eventStart && this.#previousPossiblyTruncated && this.#kind && beginsWithStartLine(segment.bytes, this.#kind)) {
      // The previous event was a full 16 KiB and the message it carried did not end, yet this event
      // opens a new message: eCapture cut that SSL call (§5 row 6).
      this.#cut('capture-truncated', 'the previous 16384-byte event was cut by eCapture');
      this.#startParser(this.#fedAbs);
    }
    if (!busy && this.#kind === 'response' && segment.eventStart && !this.#stallBypass && !this.#host.responseMayStart()) {
      this.#state = 'waiting';
      this.#waitReason = 'request';
      this.#held.push(segment);
      return;
    }
    this.#feed(segment);
    this.#previousPossiblyTruncated = segment.possiblyTruncated;
  }

  #feed(segment: Segment): void {
    const bytes = segment.bytes;
    let off = 0;
    // After a pause at the very end of the bytes, one empty call lets llhttp end a bodiless message.
    let afterPause = false;
    for (let parser = this.#slot.parser; (off < bytes.length || afterPause) && this.#state === 'parsing' && parser; parser = this.#slot.parser) {
      afterPause = false;
      const piece = bytes.subarray(off);
      this.#builder.beginCall(this.#fedAbs, piece, segment);
      const outcome = parser.execute(piece);
      const consumed = outcome.kind === 'consumed' ? piece.length : outcome.offset;
      if (outcome.kind === 'head-end') this.#builder.headEnded(outcome.offset);
      this.#builder.endCall(consumed);
      this.#fedAbs += consumed;
      off += consumed;
      switch (outcome.kind) {
        case 'head-end':
          parser.resume();
          afterPause = off === bytes.length;
          break;
        case 'consumed': {
          const stop = this.#builder.takeStop();
          if (stop) this.#stopAt(segment, off, stop);
          break;
        }
        case 'stopped':
          this.#stopAt(segment, off, this.#builder.takeStop());
          return;
        case 'h2-preface': {
          const rest = new Uint8Array(PREFACE_BYTES.length + bytes.length - off);
          rest.set(PREFACE_BYTES);
          rest.set(bytes.subarray(off), PREFACE_BYTES.length);
          this.#slot.release();
          this.#state = 'stopped';
          this.#host.preface(this, [{ ...segment, bytes: rest, eventStart: false }, ...this.#held.take()]);
          return;
        }
        case 'error':
          this.#failed(segment, off, `${outcome.code}: ${outcome.reason}`, outcome.code);
          return;
      }
    }
  }

  /** llhttp stopped after an upgrade/CONNECT/101 message: hold what follows for the host. */
  #stopAt(segment: Segment, off: number, message: Http1Message | undefined): void {
    this.#slot.release();
    if (off < segment.bytes.length) this.#held.push({ ...segment, bytes: segment.bytes.subarray(off), eventStart: false });
    if (!message) {
      this.#failed(segment, off, 'llhttp stopped outside an upgrade', 'ERR_UNEXPECTED_STOP');
      return;
    }
    this.#state = 'waiting';
    this.#waitReason = 'verdict';
    this.#host.stopped(this, message);
  }

  #failed(segment: Segment, errorOff: number, detail: string, code: string): void {
    const open = this.#builder.open;
    const truncatedHint = this.#previousPossiblyTruncated || (open?.sawPossiblyTruncated ?? false);
    const side = this.#kind ?? 'connection';
    if (open) {
      if (truncatedHint) open.issues.push({ code: 'capture-truncated', side, detail: 'framing broke after a 16384-byte event' });
      this.#cut('parse-error', detail);
    } else {
      if (this.#builder.busy && truncatedHint) this.#losses.owe({ code: 'capture-truncated', side, detail: 'a head cut after a 16384-byte event' });
      this.#builder.cut('parse-error', detail);
      this.#losses.owe({ code: code === 'HPE_HEADER_OVERFLOW' ? 'limit-exceeded' : 'parse-error', side, detail });
    }
    // Resume the search past the error, and always past where this parser began (progress).
    const errorAbs = this.#fedAbs;
    const resumeAbs = Math.max(errorAbs, this.#slot.startAbs + 1);
    const skipInSegment = Math.min(segment.bytes.length, errorOff + (resumeAbs - errorAbs));
    this.#losses.discontinuity();
    this.#held.take(); // bytes held for a stop that turned into an error are re-queued below
    this.#toSeeking();
    this.#losses.skipped(resumeAbs - errorAbs);
    this.#fedAbs = resumeAbs;
    if (skipInSegment < segment.bytes.length) {
      this.#inbox.unshift({ ...segment, bytes: segment.bytes.subarray(skipInSegment), eventStart: skipInSegment === 0 && segment.eventStart });
    }
  }

  #cut(code: ExchangeIssue['code'], detail: string): void {
    const lost = this.#builder.cut(code, detail);
    if (lost) this.#losses.owe({ ...lost, side: this.#kind ?? 'connection' });
  }
}
