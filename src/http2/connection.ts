// The HTTP/2 assembler of one connection (`raw` and `v2` dialects): bytes per direction in,
// exchanges out. One frame reader and one HPACK decoder per direction, never reset between
// events; streams paired by id; every loss turned into flags (protocol reference §4.3, §5).
// Sans-IO: the caller supplies instants and drives `advance`.

import type { Direction } from '../decode/records.js';
import { addIssue } from '../model/exchange.js';
import type { ConnectionInfo, Exchange, ExchangeIssue, Instant, InterimResponse, RequestSide } from '../model/exchange.js';
import { buildExchange, type BuildContext } from './build-exchange.js';
import type { FrameEvent } from './frame-events.js';
import type { FrameReaderOptions } from './frame-reader.js';
import { describeErrorCode, Setting } from './frame-types.js';
import type { HeaderBlockResult } from './hpack/decoder.js';
import { DirectionState, type DecoderLimits } from './direction-state.js';
import { DEFAULT_HTTP2_OPTIONS, resolveHttp2Options, type Http2Options } from './options.js';
import { applyHeaderBlock, flagHeaderBlock, pushData, StreamTable, touchSide, type SideLimits, type StreamState } from './streams.js';

export { DEFAULT_HTTP2_OPTIONS, type Http2Options };

export interface Http2PushOptions {
  /** The bytes start a capture event (one SSL call). Default true. */
  eventStart?: boolean;
  /** The event may have been cut at 16 KiB by eCapture. */
  possiblyTruncated?: boolean;
}

/** h2c (RFC 9113 §3.1 of RFC 7540): the HTTP/1.1 request that asked for the upgrade is stream 1. */
export interface UpgradedRequest {
  request: RequestSide;
  switching: InterimResponse;
  issues: ExchangeIssue[];
}

function other(direction: Direction): Direction {
  return direction === 'write' ? 'read' : 'write';
}

export class Http2Connection {
  readonly #info: ConnectionInfo;
  readonly #dialect: 'raw' | 'v2';
  readonly #options: Http2Options;
  readonly #emit: (x: Exchange) => void;
  #dirs!: Record<Direction, DirectionState>;
  readonly #readerOptions: FrameReaderOptions;
  readonly #decoderLimits: DecoderLimits;
  readonly #sideLimits: SideLimits;
  #streams = new StreamTable();
  #clientDirection: Direction | undefined;
  /** Highest client stream id opened by HEADERS, and the first one seen after a late attach. */
  #lastClientStream = 0;
  #clientFloor: number | undefined;
  #lastPromised = 0;
  /** Bumped when a new preface restarts the connection on the same key. */
  #generation = 0;
  #lastAt: Instant | undefined;
  #upgrade: UpgradedRequest | undefined;

  constructor(info: ConnectionInfo, dialect: 'raw' | 'v2', options: Partial<Http2Options>, emit: (x: Exchange) => void) {
    this.#info = info;
    this.#dialect = dialect;
    this.#options = resolveHttp2Options(options);
    this.#emit = emit;
    this.#readerOptions = { maxFrameBytes: this.#options.maxFrameBytes, maxPendingBytes: this.#options.maxPendingBytes };
    const { maxHeaderListBytes, maxHeaderFields, hpackTableCap } = this.#options;
    this.#decoderLimits = { maxHeaderListBytes, maxHeaderFields, tableCap: hpackTableCap };
    this.#sideLimits = { maxInterim: this.#options.maxInterimResponses, maxTrailerFields: this.#options.maxHeaderFields };
    this.#reset();
  }

  /** The direction the client sends on, once known. */
  get clientDirection(): Direction | undefined {
    return this.#clientDirection;
  }

  /** Streams not yet emitted. */
  get openStreams(): number {
    return this.#streams.size;
  }

  push(direction: Direction, bytes: Uint8Array, at: Instant, opts: Http2PushOptions = {}): void {
    this.#lastAt = at;
    const events = this.#dirs[direction].reader.push(bytes, {
      eventStart: opts.eventStart ?? true,
      possiblyTruncated: opts.possiblyTruncated ?? false,
    });
    for (const event of events) this.#handle(direction, event, at);
  }

  /**
   * h2c: the HTTP/1.1 request that carried `Upgrade: h2c` is stream 1, half-closed by the client;
   * the server's response to it arrives as HTTP/2 frames on stream 1.
   */
  adoptUpgrade(clientDirection: Direction, upgrade: UpgradedRequest, at: Instant): void {
    this.#setClient(clientDirection);
    this.#upgrade = upgrade;
    this.#lastClientStream = Math.max(this.#lastClientStream, 1);
    const stream = this.#streams.get(1) ?? this.#streams.create(1, at.ms, false);
    const side = stream.sides[clientDirection];
    side.headSeen = true;
    side.ended = true;
    touchSide(side, at);
  }

  /** Bytes may be missing on both directions (a `gap` record). */
  gap(): void {
    const at = this.#lastAt ?? { ms: 0, anchored: false, approximate: true };
    for (const direction of ['write', 'read'] as const) {
      for (const event of this.#dirs[direction].reader.gap()) this.#handle(direction, event, at);
      this.#discontinuity(direction);
    }
    for (const stream of this.#streams.all()) {
      addIssue(stream.issues, { code: 'gap', side: 'connection', detail: 'bytes may be missing while the stream was open' });
      for (const side of Object.values(stream.sides)) if (!side.ended) side.truncated = true;
    }
  }

  /** Emits streams idle longer than `idleTimeoutMs` (event-clock ms). */
  advance(nowMs: number): void {
    for (const stream of this.#streams.all()) {
      if (nowMs - stream.lastActivityMs > this.#options.idleTimeoutMs) this.#finish(stream, 'idle');
    }
  }

  /** End of input: every unfinished stream is emitted, flagged. */
  end(): void {
    for (const stream of this.#streams.all()) this.#finish(stream, 'end-of-input');
  }

  #reset(keep?: { direction: Direction; state: DirectionState }): void {
    this.#dirs = {
      write: new DirectionState(this.#readerOptions, this.#decoderLimits),
      read: new DirectionState(this.#readerOptions, this.#decoderLimits),
    };
    if (keep) this.#dirs[keep.direction] = keep.state;
    this.#streams = new StreamTable();
    this.#clientDirection = undefined;
    this.#lastClientStream = 0;
    this.#clientFloor = undefined;
    this.#lastPromised = 0;
  }

  // ---- events ----

  #handle(direction: Direction, event: FrameEvent, at: Instant): void {
    if (event.kind === 'preface' && event.restart) this.#restart(direction);
    this.#dirs[direction].note(event);
    switch (event.kind) {
      case 'preface':
        this.#setClient(direction);
        return;
      case 'headers':
        return this.#onHeaders(direction, event, at);
      case 'push-promise':
        return this.#onPushPromise(direction, event, at);
      case 'data':
        return this.#onData(direction, event, at);
      case 'rst-stream': {
        const stream = this.#streams.get(event.streamId);
        if (!stream) return;
        const by = this.#roleOf(direction);
        addIssue(stream.issues, { code: 'stream-reset', side: 'connection', detail: `${describeErrorCode(event.errorCode)} from the ${by}` });
        this.#finish(stream, 'reset');
        return;
      }
      case 'goaway':
        return this.#onGoaway(direction, event.lastStreamId, event.errorCode);
      case 'settings':
        if (!event.ack) this.#onSettings(direction, event.settings);
        return;
      case 'lost':
        this.#onLost(direction, event.reason, event.detail);
        return;
      case 'interrupted': {
        const side = this.#streams.get(event.streamId)?.sides[direction];
        if (side) {
          side.truncated = true;
          addIssue(side.issues, { code: 'capture-truncated', detail: `frame cut after ${event.received} of ${event.length} bytes` });
        }
        return;
      }
      case 'frame-error':
        return this.#onFrameError(direction, event);
      default:
        return; // PRIORITY, PING, WINDOW_UPDATE, unknown types, resync: nothing to assemble
    }
  }

  #onHeaders(direction: Direction, event: Extract<FrameEvent, { kind: 'headers' }>, at: Instant): void {
    const id = event.streamId;
    const fromClient = this.#clientDirection === direction;
    const opening = fromClient && id % 2 === 1 && id > this.#lastClientStream && !this.#streams.get(id);
    if (opening && this.#lastClientStream > 0 && id > this.#lastClientStream + 2) {
      // Client stream ids go up by two: the blocks of the streams in between were lost.
      this.#discontinuity(direction);
    }
    const result = this.#decode(direction, event.block, event.complete);
    this.#learnRole(direction, result);
    if (this.#clientDirection === direction && id % 2 === 1 && id > this.#lastClientStream) {
      if (this.#lastClientStream === 0 && this.#clientFloor === undefined && !this.#fresh()) this.#clientFloor = id;
      this.#lastClientStream = id;
    }
    const stream = this.#stream(id, at, true);
    if (!stream) return;
    const side = stream.sides[direction];
    touchSide(side, at);
    applyHeaderBlock(side, result.fields, at, this.#sideLimits);
    flagHeaderBlock(side, result, event.complete);
    if (event.endStream) side.ended = true;
    this.#maybeFinish(stream);
  }

  #onPushPromise(direction: Direction, event: Extract<FrameEvent, { kind: 'push-promise' }>, at: Instant): void {
    this.#setClient(other(direction));
    const promised = event.promisedStreamId;
    if (this.#lastPromised > 0 && promised > this.#lastPromised + 2) this.#discontinuity(direction);
    const result = this.#decode(direction, event.block, event.complete);
    if (promised === 0 || promised % 2 === 1) return; // the promised id itself was lost or is invalid
    if (promised > this.#lastPromised) this.#lastPromised = promised;
    const stream = this.#stream(promised, at, true);
    if (!stream) return;
    stream.pushed = true;
    addIssue(stream.issues, { code: 'server-push', side: 'connection', detail: `promised on stream ${event.streamId}` });
    const side = stream.sides[other(direction)]; // the promised request stands for the client's
    touchSide(side, at);
    applyHeaderBlock(side, result.fields, at, this.#sideLimits);
    flagHeaderBlock(side, result, event.complete);
    side.ended = true; // a promised request has no body
  }

  #onData(direction: Direction, event: Extract<FrameEvent, { kind: 'data' }>, at: Instant): void {
    const stream = this.#stream(event.streamId, at, event.first);
    if (!stream) return;
    const side = stream.sides[direction];
    if (event.first && !side.headSeen && !side.dataSeen && !stream.midStream) {
      // DATA before this direction's HEADERS on a stream opened in our sight: a block was lost.
      this.#discontinuity(direction);
      side.truncated = true; // whatever came with the lost block is missing too
      addIssue(side.issues, { code: 'headers-lost', detail: 'DATA arrived without a header block' });
    }
    touchSide(side, at);
    pushData(side, event.bytes, this.#options.maxBodyBytes);
    if (event.endStream) side.ended = true;
    this.#maybeFinish(stream);
  }

  #onGoaway(direction: Direction, lastStreamId: number, errorCode: number): void {
    const role = this.#roleOf(direction);
    if (role === 'peer') return;
    // Streams the receiver of the GOAWAY opened above last-stream-id were never processed.
    const receiverParity = role === 'server' ? 1 : 0;
    for (const stream of this.#streams.all()) {
      if (stream.id > lastStreamId && stream.id % 2 === receiverParity) {
        const detail = `last-stream-id ${lastStreamId}, ${describeErrorCode(errorCode)}`;
        addIssue(stream.issues, { code: 'goaway-unprocessed', side: 'connection', detail });
        this.#finish(stream, 'goaway');
      }
    }
  }

  #onSettings(direction: Direction, settings: Array<[number, number]>): void {
    for (const [id, value] of settings) {
      // Each setting bounds what the *other* direction may send.
      if (id === Setting.MAX_FRAME_SIZE) this.#dirs[other(direction)].reader.setMaxFrameSize(value);
      // HEADER_TABLE_SIZE only bounds the peer's encoder; size updates are accepted leniently up
      // to hpackTableCap, so there is nothing to enforce here.
    }
  }

  #onLost(direction: Direction, reason: string, detail: string | undefined): void {
    this.#discontinuity(direction);
    if (reason === 'mid-stream-start' || reason === 'gap') return; // gap() flags the streams itself
    const code = reason === 'cut' ? 'capture-truncated' : 'resync';
    for (const stream of this.#streams.all()) {
      const side = stream.sides[direction];
      if (side.ended) continue;
      side.truncated = true;
      addIssue(side.issues, detail === undefined ? { code } : { code, detail });
    }
  }

  #onFrameError(direction: Direction, event: Extract<FrameEvent, { kind: 'frame-error' }>): void {
    if (event.code === 'unexpected-continuation') this.#discontinuity(direction); // a block start was lost
    const side = this.#streams.get(event.streamId)?.sides[direction];
    if (!side) return;
    if (event.code === 'bad-padding' && event.type === 0) side.truncated = true;
    addIssue(side.issues, { code: 'parse-error', detail: `${event.code}: ${event.detail}` });
  }

  // ---- HPACK ----

  #fresh(): boolean {
    return this.#clientDirection !== undefined && this.#dirs[this.#clientDirection].startedWith === 'preface';
  }

  #decode(direction: Direction, block: Uint8Array, complete: boolean): HeaderBlockResult {
    const peer = this.#dirs[other(direction)];
    const dir = this.#dirs[direction];
    const fresh = dir.startedWith === 'preface' || (dir.firstFrame === 'settings' && peer.startedWith === 'preface');
    return dir.decode(block, complete, fresh);
  }

  /** Any loss on a direction: its whole dynamic table becomes unknown entries. */
  #discontinuity(direction: Direction): void {
    this.#dirs[direction].discontinuity();
  }

  // ---- roles and streams ----

  #setClient(direction: Direction): void {
    if (this.#clientDirection !== undefined) return;
    this.#clientDirection = direction;
    this.#info.hooked = direction === 'write' ? 'client' : 'server';
    this.#dirs[direction].reader.setRole('client');
    this.#dirs[other(direction)].reader.setRole('server');
  }

  #learnRole(direction: Direction, result: HeaderBlockResult): void {
    if (this.#clientDirection !== undefined) return;
    for (const field of result.fields) {
      if (field.unknown !== undefined) continue;
      if (field.name === ':method') return this.#setClient(direction);
      if (field.name === ':status') return this.#setClient(other(direction));
    }
  }

  #roleOf(direction: Direction): 'client' | 'server' | 'peer' {
    if (this.#clientDirection === undefined) return 'peer';
    return this.#clientDirection === direction ? 'client' : 'server';
  }

  /** The open stream, or a new one when `mayOpen`; undefined for streams already emitted. */
  #stream(id: number, at: Instant, mayOpen: boolean): StreamState | undefined {
    const open = this.#streams.get(id);
    if (open) {
      open.lastActivityMs = Math.max(open.lastActivityMs, at.ms);
      return open;
    }
    if (!mayOpen || this.#streams.wasEmitted(id)) return undefined;
    if (this.#streams.size >= this.#options.maxStreams) {
      const oldest = this.#streams.oldest()!;
      addIssue(oldest.issues, { code: 'limit-exceeded', side: 'connection', detail: `more than ${this.#options.maxStreams} open streams` });
      this.#finish(oldest, 'limit');
    }
    return this.#streams.create(id, at.ms, this.#openedBeforeCapture(id));
  }

  /** Opened before the capture began: its first blocks cannot have been seen. */
  #openedBeforeCapture(id: number): boolean {
    if (this.#fresh()) return false;
    if (id % 2 === 0) return id > this.#lastPromised;
    return this.#clientFloor === undefined || id < this.#clientFloor;
  }

  #restart(direction: Direction): void {
    for (const stream of this.#streams.all()) this.#finish(stream, 'restart');
    this.#generation++;
    // The reader that found the new preface carries on (it is mid-push); all else starts afresh.
    const state = new DirectionState(this.#dirs[direction].reader, this.#decoderLimits, 'preface');
    this.#reset({ direction, state });
  }

  #maybeFinish(stream: StreamState): void {
    if (stream.sides.read.ended && stream.sides.write.ended) this.#finish(stream);
  }

  #finish(stream: StreamState, forced?: BuildContext['forced']): void {
    this.#streams.remove(stream);
    let clientDirection = this.#clientDirection;
    if (clientDirection === undefined) {
      clientDirection = 'write';
      const detail = 'which side is the client could not be told; assumed the hooked process is';
      addIssue(stream.issues, { code: 'ambiguous-connection', side: 'connection', detail });
    }
    const suffix = this.#generation === 0 ? '' : `.${this.#generation}`;
    const ctx: BuildContext = {
      info: this.#info,
      dialect: this.#dialect,
      exchangeId: `${this.#info.id}#s${stream.id}${suffix}`,
      clientDirection,
      maxBodyBytes: this.#options.maxBodyBytes,
    };
    if (forced) ctx.forced = forced;
    const exchange = buildExchange(stream, ctx);
    if (stream.id === 1 && this.#upgrade && this.#generation === 0) this.#mergeUpgrade(exchange, this.#upgrade);
    this.#emit(exchange);
  }

  /** Stream 1 of an h2c connection: its request is the HTTP/1.1 one, its 101 an interim response. */
  #mergeUpgrade(exchange: Exchange, upgrade: UpgradedRequest): void {
    this.#upgrade = undefined;
    exchange.request = upgrade.request;
    exchange.issues = exchange.issues.filter((i) => i.side !== 'request');
    for (const issue of upgrade.issues) addIssue(exchange.issues, issue);
    addIssue(exchange.issues, { code: 'upgrade', side: 'connection', detail: 'h2c: the HTTP/1.1 request is stream 1' });
    exchange.response?.interim.unshift(upgrade.switching);
  }
}

