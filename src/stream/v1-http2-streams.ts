// The HTTP/2 streams of one v1 connection, built from eCapture's frame dumps of both directions.
// Streams pair by id across directions; request vs response comes from `:method` / `:status` and
// the connection's role, never from the event type (type 4 is not "response", §2.1).

import type { Direction } from '../decode/records.js';
import type { V1DataFrame, V1FrameDump, V1HeadersFrame, V1MergedBody } from '../http2/v1-parse-frame-dump.js';
import type { Exchange, ExchangeIssue, Instant } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import type { V1Context } from './v1-context.js';
import {
  applyFields,
  bodyComplete,
  newSide,
  pseudo,
  pushBody,
  requestSideOf,
  responseSideOf,
  touch,
  type SideName,
  type V1H2Side,
} from './v1-http2-side.js';

interface V1H2Stream {
  id: number;
  request: V1H2Side;
  response: V1H2Side;
  /** Stream-time ms of the latest event that touched the stream. */
  lastMs: number;
  issues: ExchangeIssue[];
}

/** What one window did to one stream side's body. */
interface Staged {
  side: SideName;
  chunks: Uint8Array[];
  notices: number;
  merged?: V1MergedBody;
}

const NOTICE_TEXT = {
  'hpack-context-lost': 'Incorrect HPACK context: the block was not decoded',
  'continuation-unsupported': 'HEADERS with CONTINUATION: the block was not decoded',
} as const;

type EmitReason = 'complete' | 'idle' | 'end';

/** Emitted stream ids remembered exactly (late frames for them get a suffixed exchange id). */
const EMITTED_IDS_KEPT = 4096;

export class V1Http2Streams {
  readonly #ctx: V1Context;
  readonly #streams = new Map<number, V1H2Stream>();
  /**
   * How often each recently emitted stream id was emitted: a stream seen again later gets a
   * suffixed id. Bounded (a long-lived connection emits without end): forgotten ids are remembered
   * only as the highest one and the highest count, which keeps every exchange id unique.
   */
  readonly #emittedIds = new Map<number, number>();
  #forgottenMaxId = 0;
  #forgottenMaxCount = 0;
  /** Set once a header block was lost, a CONTINUATION or PUSH_PROMISE seen, or data lost (§5 rows 19–21). */
  #hpackUncertain = false;
  /** A type-1 fragment showed the client's frames were taken for HTTP/1 (§2.1). */
  #requestSideLost = false;
  /** Frame dumps seen from the client direction. */
  #clientDumps = 0;

  constructor(ctx: V1Context) {
    this.#ctx = ctx;
  }

  markRequestSideLost(): void {
    this.#requestSideLost = true;
  }

  /** A dump of `direction`, whose role must be known (see V1Context.learnRole). */
  push(dump: V1FrameDump, direction: Direction, at: Instant): void {
    const directionSide = this.#ctx.sideOf(direction) ?? 'response';
    if (directionSide === 'request') this.#clientDumps++;
    const staged = new Map<number, Staged>();
    const touched = new Set<V1H2Stream>();
    for (const frame of dump.frames) {
      if (frame.streamId === 0) continue; // SETTINGS, PING, GOAWAY, connection WINDOW_UPDATE: nothing to keep
      const stream = this.#stream(frame.streamId, at);
      touched.add(stream);
      if (frame.kind === 'headers') this.#onHeaders(stream, frame, directionSide, at);
      else if (frame.kind === 'data') this.#stage(staged, stream, frame, directionSide);
      else this.#onOther(stream, frame.type, directionSide);
    }
    for (const merged of dump.merged) {
      const stream = this.#stream(merged.streamId, at);
      touched.add(stream);
      const st = this.#staged(staged, merged.streamId, directionSide);
      st.merged = merged;
    }
    for (const [id, st] of staged) this.#commit(this.#streams.get(id)!, st, at);
    for (const problem of dump.problems) {
      const detail = `${problem.code}: ${problem.detail}`;
      const targets = problem.streamId !== undefined ? [this.#streams.get(problem.streamId)].filter((s) => s !== undefined) : [...touched];
      for (const stream of targets) {
        if (problem.code === 'padding-ambiguous') addIssue(stream[directionSide].issues, { code: 'padding-ambiguous', side: directionSide, detail });
        else addIssue(stream.issues, { code: 'parse-error', side: directionSide, detail });
        if (problem.code === 'data-unmatched') stream[directionSide].truncated = true;
      }
    }
    for (const stream of touched) if (this.#ready(stream)) this.#emit(stream, 'complete');
  }

  /** A type-0 payload on `side`: some of that direction's frames were not rendered. */
  lostWindow(side: SideName): void {
    this.#hpackUncertain = true;
    for (const stream of this.#streams.values()) {
      if (stream[side].seen) addIssue(stream[side].issues, { code: 'gap', side, detail: 'a window of this direction was not rendered as frames (type 0)' });
    }
  }

  gap(): void {
    this.#hpackUncertain = true;
    for (const stream of this.#streams.values()) addIssue(stream.issues, { code: 'gap', detail: 'the source lost data while this stream was open' });
  }

  advance(nowMs: number): void {
    for (const stream of [...this.#streams.values()]) {
      if (nowMs - stream.lastMs >= this.#ctx.options.idleTimeoutMs) this.#emit(stream, 'idle');
    }
  }

  end(): void {
    for (const stream of [...this.#streams.values()].sort((a, b) => a.id - b.id)) this.#emit(stream, 'end');
  }

  #stream(id: number, at: Instant): V1H2Stream {
    let stream = this.#streams.get(id);
    if (!stream) {
      const max = this.#ctx.options.maxPendingExchanges;
      if (this.#streams.size >= max) {
        // Streams that never complete (no END_STREAM in v1): the oldest goes out as it stands.
        const oldest = this.#streams.values().next().value!;
        addIssue(oldest.issues, { code: 'limit-exceeded', detail: `more than ${max} open streams` });
        this.#emit(oldest, 'idle');
      }
      stream = { id, request: newSide('request'), response: newSide('response'), lastMs: at.ms, issues: [] };
      this.#streams.set(id, stream);
      if (id % 2 === 0) addIssue(stream.issues, { code: 'server-push', detail: `even stream ${id}: server-initiated` });
    }
    stream.lastMs = Math.max(stream.lastMs, at.ms);
    return stream;
  }

  #onHeaders(stream: V1H2Stream, frame: V1HeadersFrame, directionSide: SideName, at: Instant): void {
    const names = new Set(frame.fields.map((f) => f.name));
    // The block's own pseudo-headers say which side it is; the direction's role only fills in.
    const sideName: SideName = names.has(':method') ? 'request' : names.has(':status') ? 'response' : directionSide;
    const side = stream[sideName];
    touch(side, at);
    if (frame.notice) {
      const detail = `stream ${stream.id}: ${NOTICE_TEXT[frame.notice]}${side.headersSeen ? ' (a later block: trailers or a final head)' : ''}`;
      addIssue(side.issues, { code: 'headers-lost', side: sideName, detail });
      if (!side.headersSeen) {
        side.headersSeen = true;
        side.headersLost = true;
      }
      // The decoder's table may now differ from the peer's: later blocks are suspect.
      this.#hpackUncertain = true;
      return;
    }
    if (this.#hpackUncertain) {
      addIssue(side.issues, { code: 'hpack-uncertain', side: sideName, detail: 'an earlier header block of this connection was not decoded' });
    }
    const { maxInterimResponses, maxTrailerFields } = this.#ctx.options;
    applyFields(side, frame.fields, at, { maxInterim: maxInterimResponses, maxTrailerFields });
  }

  #onOther(stream: V1H2Stream, type: string, side: SideName): void {
    if (type === 'RST_STREAM') {
      addIssue(stream.issues, { code: 'stream-reset', side, detail: 'RST_STREAM seen; v1 does not print its error code' });
    } else if (type === 'PUSH_PROMISE') {
      addIssue(stream.issues, { code: 'server-push', detail: 'PUSH_PROMISE seen; v1 does not print the promised stream or its header block' });
      this.#hpackUncertain = true;
    } else if (type === 'CONTINUATION') {
      this.#hpackUncertain = true;
    }
  }

  #staged(staged: Map<number, Staged>, id: number, side: SideName): Staged {
    let st = staged.get(id);
    if (!st) staged.set(id, (st = { side, chunks: [], notices: 0 }));
    return st;
  }

  #stage(staged: Map<number, Staged>, stream: V1H2Stream, frame: V1DataFrame, side: SideName): void {
    const st = this.#staged(staged, stream.id, side);
    if (frame.gzipNotice) st.notices++;
    else if (frame.data) st.chunks.push(frame.data);
  }

  /** Apply one window's DATA of one stream side: a merged body replaces the window's gzip DATA. */
  #commit(stream: V1H2Stream, st: Staged, at: Instant): void {
    const side = stream[st.side];
    touch(side, at);
    const max = this.#ctx.options.maxBodyBytes;
    if (st.merged) {
      if (side.bytes > 0) addIssue(side.issues, { code: 'parse-error', side: st.side, detail: 'a merged gzip body after raw DATA of an earlier window' });
      pushBody(side, st.merged.body, max);
      side.mergedGzip = true;
      if (!st.merged.complete) side.truncated = true;
    } else if (st.notices > 0) {
      side.gzipBytesLost = true;
    } else if (st.chunks.length > 0) {
      if (side.mergedGzip || side.gzipBytesLost) {
        // The compressed tail of a body whose start was inflated or lost: unusable alone.
        side.truncated = true;
        addIssue(side.issues, { code: 'body-truncated', side: st.side, detail: 'compressed DATA after a gzip window was dropped' });
      } else {
        for (const chunk of st.chunks) pushBody(side, chunk, max);
      }
    }
  }

  #ready(stream: V1H2Stream): boolean {
    const { request, response } = stream;
    if (!request.seen || !response.headersSeen) return false;
    const requestDone = request.contentLength === undefined || bodyComplete(request) || request.mergedGzip;
    const headRequest = pseudo(request, ':method') === 'HEAD';
    return requestDone && (bodyComplete(response) || (headRequest && !response.headersLost));
  }

  #emit(stream: V1H2Stream, reason: EmitReason): void {
    this.#streams.delete(stream.id);
    const count = this.#emittedCount(stream.id);
    const issues: ExchangeIssue[] = [];
    addIssue(issues, { code: 'time-approximate', detail: 'v1 time is the end of the flush window' });
    const x: Exchange = {
      id: `${this.#ctx.info.id}#s${stream.id}${count > 0 ? `.${count}` : ''}`,
      connection: this.#ctx.info,
      protocol: 'HTTP/2',
      streamId: stream.id,
      dialect: 'v1',
      headersRerendered: false,
      issues,
    };
    const max = this.#ctx.options.maxBodyBytes;
    if (stream.request.seen) x.request = requestSideOf(stream.request, max);
    else {
      addIssue(issues, { code: 'request-missing', side: 'request' });
      if (this.#requestSideLost || this.#clientDumps === 0) {
        addIssue(issues, { code: 'h2-request-side-lost', side: 'connection', detail: 'no client frames were rendered for this connection (preface mis-detection, §2.1)' });
      }
    }
    if (stream.response.seen) x.response = responseSideOf(stream.response, max);
    else addIssue(issues, { code: 'response-missing', side: 'response' });
    if (stream.response.seen && !stream.response.headersSeen && stream.response.interim.length > 0) {
      addIssue(issues, { code: 'interim-only', side: 'response' });
      addIssue(issues, { code: 'response-missing', side: 'response', detail: 'only 1xx HEADERS were rendered' });
    }
    for (const side of [stream.request, stream.response]) {
      if (side.seen && !side.headersSeen && side.interim.length === 0) {
        addIssue(issues, { code: 'headers-lost', side: side.name, detail: `stream ${stream.id}: DATA without a rendered HEADERS frame` });
      }
    }
    if (reason !== 'complete') {
      addIssue(issues, {
        code: 'completion-inferred',
        detail: reason === 'idle' ? 'v1 shows no END_STREAM: emitted after the bounded wait' : 'v1 shows no END_STREAM: emitted at the end of input',
      });
    }
    for (const side of [stream.request, stream.response]) {
      if (side.droppedInterim > 0) {
        addIssue(issues, { code: 'limit-exceeded', side: side.name, detail: `${side.droppedInterim} interim (1xx) responses after the first ${side.interim.length} were not kept` });
      }
      if (side.droppedTrailerFields > 0) {
        addIssue(issues, { code: 'limit-exceeded', side: side.name, detail: `${side.droppedTrailerFields} trailer fields after the first ${side.trailers?.length ?? 0} were not kept` });
      }
    }
    for (const side of [stream.request, stream.response]) for (const issue of side.issues) addIssue(issues, issue);
    for (const issue of stream.issues) addIssue(issues, issue);
    this.#ctx.emit(x);
  }

  /** Times `id` was emitted before (then counts this emission), within bounded memory. */
  #emittedCount(id: number): number {
    const known = this.#emittedIds.get(id);
    const count = known ?? (id <= this.#forgottenMaxId ? this.#forgottenMaxCount : 0);
    this.#emittedIds.delete(id);
    this.#emittedIds.set(id, count + 1);
    if (this.#emittedIds.size > EMITTED_IDS_KEPT) {
      const [oldId, oldCount] = this.#emittedIds.entries().next().value!;
      this.#emittedIds.delete(oldId);
      this.#forgottenMaxId = Math.max(this.#forgottenMaxId, oldId);
      this.#forgottenMaxCount = Math.max(this.#forgottenMaxCount, oldCount);
    }
    return count;
  }
}
