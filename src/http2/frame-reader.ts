// The HTTP/2 frame reader of one direction: an explicit byte-accumulating state machine that
// accepts bytes split anywhere. States: `start` (client preface or first frames), `header` (the
// 9-byte frame header), `payload`, and `lost` (position unknown: after a gap, a desync, or a
// capture that began mid-connection). From `lost` it resynchronises only on strong evidence
// (find-frame-start.ts): an event start whose first bytes are plausible frame headers, three
// chained plausible headers, or two ending exactly at the pushed chunk's end; never on a lone
// header found by scanning, which would find phantom frames inside DATA.
//
// Sans-IO: events come back from `push`/`gap`. DATA events are views into the pushed bytes,
// valid until the caller reuses them.

import { concatBytes, EMPTY_BYTES, matchesAt } from './bytes.js';
import type { FrameErrorCode, FrameEvent, LostReason } from './frame-events.js';
import { desyncReason, readFrameHeader, type FrameHeader, type HeaderRules, type SenderRole } from './frame-header.js';
import { CLIENT_PREFACE, DEFAULT_MAX_FRAME_SIZE, Flag, FRAME_HEADER_BYTES, FrameType, frameTypeName } from './frame-types.js';
import { judgeFrameChain } from './judge-frame-chain.js';
import { CHAIN_PROOF, type ResyncVia } from './find-frame-start.js';
import { HeaderBlockGatherer, isBlockType } from './gather-header-block.js';
import { LostBytes } from './lost-bytes.js';
import { parseControlFrame } from './parse-frame-payload.js';

export interface FrameReaderOptions {
  /** Hard cap on a frame's length: a longer one means the reader is out of step. */
  maxFrameBytes: number;
  /** Bound on bytes held: a header block being gathered, a control frame, unread lost bytes. */
  maxPendingBytes: number;
}

export interface FramePushOptions {
  /** The bytes start a capture event (one SSL call): a place where frames may begin. Default true. */
  eventStart?: boolean;
  /** The event may have been cut at 16 KiB: the next event may not continue it. */
  possiblyTruncated?: boolean;
}

type ReaderState = 'start' | 'header' | 'payload' | 'lost';
type PayloadMode = 'data' | 'keep' | 'skip';

/** How far above the highest stream id seen a resync candidate's id may be. */
const STREAM_ID_SLACK = 10_000;
/** With no id seen yet: 2^24 streams on one connection is beyond any real peer's habits. */
const UNSEEN_STREAM_ID_CEILING = 1 << 24;

export class FrameReader {
  #state: ReaderState = 'start';
  readonly #options: FrameReaderOptions;
  #role: SenderRole = 'unknown';
  #maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  #maxStreamIdSeen = 0;
  #out: FrameEvent[] = [];
  /** Bytes handed from one state to the next inside one push (a trampoline: no recursion). */
  #next: { bytes: Uint8Array; eventStart: boolean } | undefined;
  #suspectCut = false;

  #startBytes: Uint8Array = EMPTY_BYTES;
  /** The direction's first bytes began an event (a place frames may start). */
  #startAtEvent = true;

  readonly #header = new Uint8Array(FRAME_HEADER_BYTES);
  #headerFill = 0;

  #frame: FrameHeader | undefined;
  #mode: PayloadMode = 'skip';
  #received = 0;
  #kept: Uint8Array | undefined;
  #padKnown = true;
  #padLength = 0;
  #dataFirst = true;
  #dataLastSent = false;

  readonly #block = new HeaderBlockGatherer((event) => this.#out.push(event));
  readonly #lost: LostBytes;

  constructor(options: FrameReaderOptions) {
    this.#options = options;
    this.#lost = new LostBytes(options.maxPendingBytes);
  }

  get state(): ReaderState {
    return this.#state;
  }

  /** Bytes held between pushes (a partial header block or control frame, unread lost bytes). */
  get pendingBytes(): number {
    return this.#startBytes.length + this.#lost.length + (this.#kept?.length ?? 0) + this.#block.size;
  }

  /** Who sends these bytes, once the connection knows: sharpens the stream-id rules. */
  setRole(role: SenderRole): void {
    this.#role = role;
  }

  /** SETTINGS_MAX_FRAME_SIZE announced by the receiving peer. */
  setMaxFrameSize(size: number): void {
    if (size >= DEFAULT_MAX_FRAME_SIZE && size <= 0xffffff) this.#maxFrameSize = size;
  }

  push(bytes: Uint8Array, opts: FramePushOptions = {}): FrameEvent[] {
    this.#out = [];
    const eventStart = opts.eventStart ?? true;
    const restart = eventStart && this.#state !== 'start' && matchesAt(bytes, 0, CLIENT_PREFACE, CLIENT_PREFACE.length);
    if (restart && this.#state !== 'lost' && !this.#midFrame()) {
      // A new connection on the same key (fd reuse the capture could not see): start over.
      this.#out.push({ kind: 'preface', restart: true });
      this.#state = 'header';
      this.#handoff(bytes.subarray(CLIENT_PREFACE.length), false);
    } else if (restart && this.#state !== 'lost') {
      this.#enterLost('gap', 'a new connection preface cut the frame in flight');
      this.#handoff(bytes, true);
    } else if (this.#suspectCut && eventStart && this.#midFrame() && this.#framesAt(bytes)) {
      // The previous event was probably cut at 16 KiB: its frame's rest was never captured.
      this.#enterLost('cut', 'the previous event may have been cut at 16 KiB; this one starts with frames');
      this.#resync(bytes, this.#lost.skipped, 'event-start');
    } else {
      this.#handoff(bytes, eventStart);
    }
    this.#suspectCut = opts.possiblyTruncated === true;
    this.#run();
    return this.#out;
  }

  /** Bytes may be missing here: whatever is in flight is cut, the position is lost. */
  gap(): FrameEvent[] {
    this.#out = [];
    if (this.#state === 'lost') {
      this.#lost.discard();
    } else if (this.#state !== 'start' || this.#startBytes.length > 0) {
      const held = this.#startBytes.length;
      this.#startBytes = EMPTY_BYTES;
      this.#enterLost('gap', undefined, held);
    }
    this.#suspectCut = false;
    return this.#out;
  }

  #handoff(bytes: Uint8Array, eventStart: boolean): void {
    this.#next = { bytes, eventStart };
  }

  #run(): void {
    while (this.#next) {
      const { bytes, eventStart } = this.#next;
      this.#next = undefined;
      if (this.#state === 'start') this.#feedStart(bytes, eventStart);
      else if (this.#state === 'lost') this.#feedLost(bytes, eventStart);
      else this.#feedSynced(bytes);
    }
  }

  #rules(): HeaderRules {
    const rules: HeaderRules = { role: this.#role, maxFrameSize: this.#maxFrameSize, maxFrameBytes: this.#options.maxFrameBytes };
    rules.streamIdCeiling = this.#maxStreamIdSeen > 0 ? this.#maxStreamIdSeen + STREAM_ID_SLACK : UNSEEN_STREAM_ID_CEILING;
    return rules;
  }

  #midFrame(): boolean {
    return this.#state === 'payload' || (this.#state === 'header' && this.#headerFill > 0) || this.#block.open;
  }

  #framesAt(bytes: Uint8Array): boolean {
    const verdict = judgeFrameChain(bytes, 0, bytes.length, this.#rules(), CHAIN_PROOF);
    return verdict.kind === 'valid' || verdict.kind === 'ends-at-end';
  }

  // ---- start: the preface, or frames from the first byte, or a mid-connection start ----

  #feedStart(bytes: Uint8Array, eventStart: boolean): void {
    if (this.#startBytes.length === 0) this.#startAtEvent = eventStart;
    const held = concatBytes(this.#startBytes, bytes);
    const n = Math.min(held.length, CLIENT_PREFACE.length);
    if (matchesAt(held, 0, CLIENT_PREFACE, n)) {
      if (n < CLIENT_PREFACE.length) {
        this.#startBytes = held.slice();
        return;
      }
      this.#startBytes = EMPTY_BYTES;
      this.#out.push({ kind: 'preface', restart: false });
      this.#state = 'header';
      this.#handoff(held.subarray(CLIENT_PREFACE.length), false);
      return;
    }
    const verdict = judgeFrameChain(held, 0, held.length, this.#rules(), CHAIN_PROOF);
    if (verdict.kind === 'undecided' && verdict.frames === 0) {
      this.#startBytes = held.slice(); // fewer than 9 bytes so far
      return;
    }
    this.#startBytes = EMPTY_BYTES;
    // At an event start one plausible header will do; elsewhere the bytes need the same proof as
    // any lost position, so they go through the lost state's scan.
    const proven = verdict.kind === 'valid' || (verdict.kind === 'ends-at-end' && verdict.frames >= 2);
    if (proven || (this.#startAtEvent && verdict.kind !== 'invalid' && verdict.frames > 0)) {
      this.#state = 'header';
    } else {
      this.#enterLost('mid-stream-start');
    }
    this.#handoff(held, false);
  }

  // ---- in step: headers and payloads ----

  #feedSynced(input: Uint8Array): void {
    let pos = 0;
    while (pos < input.length) {
      if (this.#state === 'payload') {
        pos = this.#feedPayload(input, pos);
        continue;
      }
      const spanned = this.#headerFill > 0;
      const take = Math.min(FRAME_HEADER_BYTES - this.#headerFill, input.length - pos);
      this.#header.set(input.subarray(pos, pos + take), this.#headerFill);
      this.#headerFill += take;
      pos += take;
      if (this.#headerFill < FRAME_HEADER_BYTES) return;
      this.#headerFill = 0;
      const h = readFrameHeader(this.#header, 0);
      const reason = desyncReason(h, this.#rules());
      if (reason !== undefined) {
        // Rescan from this header's first byte (no copy when it came whole from this input).
        const rest = spanned ? concatBytes(this.#header.slice(), input.subarray(pos)) : input.subarray(pos - FRAME_HEADER_BYTES);
        this.#enterLost('desync', `${reason}: ${frameTypeName(h.type)} length ${h.length} stream ${h.streamId}`);
        this.#handoff(rest, false);
        return;
      }
      this.#beginFrame(h);
    }
  }

  #beginFrame(h: FrameHeader): void {
    const blockStream = this.#block.streamId;
    if (blockStream !== undefined && !(h.type === FrameType.CONTINUATION && h.streamId === blockStream)) {
      this.#error('continuation-expected', h, `${frameTypeName(h.type)} on stream ${h.streamId} inside the header block of stream ${blockStream}`);
      this.#block.flush(true);
    }
    if (h.streamId > this.#maxStreamIdSeen) this.#maxStreamIdSeen = h.streamId;
    if (h.length > this.#maxFrameSize) this.#error('frame-over-max-size', h, `length ${h.length} > ${this.#maxFrameSize}`);
    this.#frame = h;
    this.#received = 0;
    this.#kept = undefined;
    this.#state = 'payload';
    const blockType = isBlockType(h.type);
    if (h.type === FrameType.DATA) {
      this.#mode = 'data';
      this.#padKnown = (h.flags & Flag.PADDED) === 0;
      this.#padLength = 0;
      this.#dataFirst = true;
      this.#dataLastSent = false;
    } else if (h.type === FrameType.CONTINUATION && !this.#block.open) {
      this.#error('unexpected-continuation', h, `CONTINUATION on stream ${h.streamId} without a header block`);
      this.#mode = 'skip';
    } else if (blockType && this.#block.broken) {
      this.#mode = 'skip'; // the block is already broken: its later fragments are of no use
    } else if (blockType) {
      if (this.#block.size + h.length <= this.#options.maxPendingBytes) {
        this.#mode = 'keep';
        this.#kept = new Uint8Array(h.length);
      } else {
        this.#error('header-block-too-large', h, `header block over ${this.#options.maxPendingBytes} bytes on stream ${h.streamId}`);
        this.#mode = 'skip';
      }
    } else if (h.length <= this.#options.maxPendingBytes) {
      this.#mode = 'keep';
      this.#kept = new Uint8Array(h.length);
    } else {
      this.#error('frame-too-large-to-keep', h, `${frameTypeName(h.type)} of ${h.length} bytes skipped`);
      this.#mode = 'skip';
    }
    if (h.length === 0) this.#finishFrame();
  }

  #feedPayload(input: Uint8Array, pos: number): number {
    const h = this.#frame!;
    const take = Math.min(h.length - this.#received, input.length - pos);
    const chunk = input.subarray(pos, pos + take);
    if (this.#mode === 'data') this.#dataChunk(h, chunk);
    else if (this.#mode === 'keep') this.#kept!.set(chunk, this.#received);
    this.#received += take;
    if (this.#received === h.length) this.#finishFrame();
    return pos + take;
  }

  #dataChunk(h: FrameHeader, chunk: Uint8Array): void {
    const last = this.#received + chunk.length === h.length;
    let bytes = chunk;
    let offset = this.#received;
    if (!this.#padKnown && bytes.length > 0) {
      this.#padKnown = true;
      this.#padLength = bytes[0]!;
      bytes = bytes.subarray(1);
      offset += 1;
      if (this.#padLength >= h.length) {
        this.#error('bad-padding', h, `pad length ${this.#padLength} in a DATA frame of ${h.length}`);
        this.#padLength = h.length - 1; // nothing of this frame can be trusted as data
      }
    }
    const dataEnd = h.length - this.#padLength;
    const keep = Math.max(0, Math.min(bytes.length, dataEnd - offset));
    if (keep === 0 && !last) return;
    this.#out.push({
      kind: 'data',
      streamId: h.streamId,
      bytes: bytes.subarray(0, keep),
      first: this.#dataFirst,
      last,
      endStream: last && (h.flags & Flag.END_STREAM) !== 0,
    });
    this.#dataFirst = false;
    if (last) this.#dataLastSent = true;
  }

  #finishFrame(): void {
    const h = this.#frame!;
    this.#state = 'header';
    this.#frame = undefined;
    if (this.#mode === 'data') {
      if (!this.#dataLastSent) this.#dataChunk(h, EMPTY_BYTES); // an empty frame
      return;
    }
    const isBlock = isBlockType(h.type);
    if (this.#mode === 'keep' && isBlock) {
      const read = this.#block.add(h, this.#kept!);
      if (read.promisedStreamId !== undefined && read.promisedStreamId > this.#maxStreamIdSeen) this.#maxStreamIdSeen = read.promisedStreamId;
      if (read.badPadding) this.#error('bad-padding', h, `pad length over the payload of ${frameTypeName(h.type)} on stream ${h.streamId}`);
    } else if (this.#mode === 'keep') {
      this.#out.push(parseControlFrame(h, this.#kept!));
    } else if (isBlock && (h.type !== FrameType.CONTINUATION || this.#block.open)) {
      this.#block.addBroken(h); // skipped: too large, or after an earlier loss in the block
    }
    this.#kept = undefined;
  }

  #error(code: FrameErrorCode, h: FrameHeader, detail: string): void {
    this.#out.push({ kind: 'frame-error', code, type: h.type, streamId: h.streamId, detail });
  }

  // ---- lost: find frames again ----

  #enterLost(reason: LostReason, detail?: string, alsoSkipped = 0): void {
    const h = this.#frame;
    if (this.#state === 'payload' && h) {
      if (isBlockType(h.type) && (h.type !== FrameType.CONTINUATION || this.#block.open)) {
        this.#block.addBroken(h, this.#mode === 'keep' ? this.#kept!.subarray(0, this.#received) : undefined);
      } else if (!isBlockType(h.type)) {
        this.#out.push({ kind: 'interrupted', type: h.type, streamId: h.streamId, received: this.#received, length: h.length });
      }
    }
    this.#block.flush(true);
    this.#frame = undefined;
    this.#kept = undefined;
    this.#lost.reset(this.#headerFill + alsoSkipped);
    this.#headerFill = 0;
    this.#state = 'lost';
    this.#out.push(detail === undefined ? { kind: 'lost', reason } : { kind: 'lost', reason, detail });
  }

  #feedLost(bytes: Uint8Array, eventStart: boolean): void {
    const found = this.#lost.push(bytes, eventStart, this.#rules());
    if (found) this.#resync(found.rest, found.skipped, found.via);
  }

  #resync(rest: Uint8Array, skipped: number, via: ResyncVia): void {
    this.#out.push({ kind: 'resync', skipped, via });
    this.#headerFill = 0;
    this.#state = 'header';
    if (via === 'preface') this.#out.push({ kind: 'preface', restart: true });
    this.#handoff(via === 'preface' ? rest.subarray(CLIENT_PREFACE.length) : rest, false);
  }
}
