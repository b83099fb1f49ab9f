// Pair v1 HTTP/1 renderings of one connection by order: the k-th request with the k-th response
// (§4.2). v1 keeps only the first message per flush window on each side, so this is best effort
// and every pair says so. Also applies the duplicate-head rule and stops at 101 / CONNECT.

import type { Direction } from '../decode/records.js';
import type { V1Http1Message, V1Http1Request, V1Http1Response } from '../http1/v1-parse-rendering.js';
import type { ExchangeIssue, Instant } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import { buildHttp1Exchange, type V1H1Entry, type V1H1Slot } from './v1-build-http1-exchange.js';
import type { V1Context } from './v1-context.js';

type State = 'pairing' | 'stopped';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A body that may still go on in a later window (so a duplicate head may yet mark it truncated). */
function mayContinue(entry: V1H1Entry): boolean {
  const f = entry.msg.framing;
  return f.chunked || (f.mayIncludeNext && entry.msg.side === 'response');
}

export class V1Http1Pairing {
  #state: State = 'pairing';
  readonly #ctx: V1Context;
  /** Slots not yet emitted, by index. */
  readonly #pending = new Map<number, V1H1Slot>();
  #requests = 0;
  #responses = 0;
  /**
   * Per raw uuid: the head of the last rendered message, for the duplicate-head rule, and the
   * message itself while it is pending (dropped at emission so its body is not kept alive).
   */
  readonly #lastByUuid = new Map<string, { head: Uint8Array; entry: V1H1Entry | undefined }>();
  /** Set once the sides' counts are known to differ: every later pair is suspect. */
  #mismatch: ExchangeIssue | undefined;
  #ignoredAfterStop = 0;

  constructor(ctx: V1Context) {
    this.#ctx = ctx;
  }

  /** Renderings ignored because HTTP/1 ended on the connection (101, CONNECT). */
  get ignoredAfterStop(): number {
    return this.#ignoredAfterStop;
  }

  get requests(): number {
    return this.#requests;
  }

  get responses(): number {
    return this.#responses;
  }

  push(msg: V1Http1Message, direction: Direction, rawUuid: string, at: Instant): void {
    if (this.#state === 'stopped') {
      this.#ignoredAfterStop++;
      return;
    }
    this.#ctx.learnRole(direction, msg.side === 'request');
    const previous = this.#lastByUuid.get(rawUuid);
    if (previous && msg.body.length === 0 && msg.framing.announcesBody && sameBytes(previous.head, msg.head)) {
      // §4.2: the persistent parser re-rendered the previous head for a body continuation.
      if (previous.entry) previous.entry.continued = true;
      this.#trySettle();
      return;
    }
    const entry: V1H1Entry = { msg, at, direction, uuid: rawUuid, continued: false };
    this.#lastByUuid.set(rawUuid, { head: msg.head, entry });
    if (msg.side === 'request') this.#placeRequest(entry as V1H1Entry<V1Http1Request>);
    else this.#placeResponse(entry as V1H1Entry<V1Http1Response>);
    this.#trySettle();
    this.#evictBeyondCap();
  }

  /** A type-0 fragment on `direction`: a continuation of the latest pending body there, or a lost head. */
  fragment(direction: Direction, looksLikeHead: boolean): void {
    if (looksLikeHead) {
      this.#markMismatch('a message head split across windows was not rendered (type 0)');
      return;
    }
    let latest: V1H1Entry | undefined;
    for (const slot of this.#pending.values()) {
      for (const entry of [slot.request, slot.response]) {
        if (entry && entry.direction === direction && (!latest || entry.at.ms >= latest.at.ms)) latest = entry;
      }
    }
    if (latest) latest.continued = true;
  }

  gap(): void {
    for (const slot of this.#pending.values()) addIssue(slot.issues, { code: 'gap', detail: 'the source lost data while this exchange was pending' });
  }

  advance(nowMs: number): void {
    for (const slot of [...this.#pending.values()]) {
      if (nowMs - slot.lastMs >= this.#ctx.options.idleTimeoutMs) this.#emitIncomplete(slot);
    }
  }

  end(): void {
    if (this.#requests !== this.#responses) {
      this.#markMismatch(`${this.#requests} request(s) and ${this.#responses} response(s) rendered`);
    }
    for (const slot of [...this.#pending.values()].sort((a, b) => a.index - b.index)) this.#emitIncomplete(slot, 'end-of-input');
    this.#lastByUuid.clear();
  }

  /** More pairs waiting than the cap (one side never rendered): the oldest go out as they stand. */
  #evictBeyondCap(): void {
    const max = this.#ctx.options.maxPendingExchanges;
    if (this.#pending.size <= max) return;
    const oldest = [...this.#pending.values()].sort((a, b) => a.index - b.index).slice(0, this.#pending.size - max);
    for (const slot of oldest) {
      addIssue(slot.issues, { code: 'limit-exceeded', side: 'connection', detail: `more than ${max} exchanges waiting for their other half` });
      this.#emitIncomplete(slot);
    }
  }

  #slot(index: number, at: Instant): V1H1Slot {
    let slot = this.#pending.get(index);
    if (!slot) {
      slot = { index, lastMs: at.ms, issues: [] };
      this.#pending.set(index, slot);
    }
    slot.lastMs = Math.max(slot.lastMs, at.ms);
    return slot;
  }

  // A half whose slot was already emitted alone (after the bounded wait) opens a new slot at the
  // same index; it is emitted alone in turn, flagged, once its own wait ends.
  #placeRequest(entry: V1H1Entry<V1Http1Request>): void {
    this.#slot(this.#requests++, entry.at).request = entry;
  }

  #placeResponse(entry: V1H1Entry<V1Http1Response>): void {
    const slot = this.#slot(this.#responses++, entry.at);
    const status = entry.msg.status;
    if (status >= 100 && status < 200 && status !== 101) slot.interim = entry;
    else slot.response = entry;
  }

  #trySettle(): void {
    for (const slot of [...this.#pending.values()]) {
      const response = slot.response ?? slot.interim;
      if (!slot.request || !response) continue;
      // A body that may go on waits for the next message on its uuid (or the idle wait).
      const waits = [slot.request, slot.response].some((e) => e && !e.continued && mayContinue(e) && this.#isLatestOnUuid(e));
      if (!waits) this.#emit(slot);
    }
  }

  #isLatestOnUuid(entry: V1H1Entry): boolean {
    return this.#lastByUuid.get(entry.uuid)?.entry === entry;
  }

  #emitIncomplete(slot: V1H1Slot, reason?: 'end-of-input'): void {
    if (!slot.request || !(slot.response ?? slot.interim)) {
      this.#markMismatch(`pair #${slot.index} has only one side`);
      if (reason) addIssue(slot.issues, { code: 'end-of-input' });
      else addIssue(slot.issues, { code: 'completion-inferred', detail: 'emitted after the bounded wait' });
    }
    this.#emit(slot);
  }

  #markMismatch(detail: string): void {
    this.#mismatch ??= { code: 'side-count-mismatch', side: 'connection', detail };
    for (const slot of this.#pending.values()) addIssue(slot.issues, this.#mismatch);
  }

  #emit(slot: V1H1Slot): void {
    if (this.#pending.get(slot.index) === slot) this.#pending.delete(slot.index);
    for (const entry of [slot.request, slot.response, slot.interim]) {
      const last = entry && this.#lastByUuid.get(entry.uuid);
      if (last && last.entry === entry) last.entry = undefined;
    }
    if (this.#mismatch) addIssue(slot.issues, this.#mismatch);
    const x = buildHttp1Exchange(slot, this.#ctx);
    this.#stopAfter(slot, x.issues);
    this.#ctx.emit(x);
  }

  /** 101 ends HTTP/1 on the connection (§4.2); so does a 2xx to CONNECT (a tunnel). */
  #stopAfter(slot: V1H1Slot, issues: ExchangeIssue[]): void {
    const status = slot.response?.msg.status;
    if (status === 101) {
      addIssue(issues, { code: 'upgrade', side: 'response', detail: 'v1 drops the upgraded bytes of the window; HTTP/1 ends here' });
      this.#state = 'stopped';
    } else if (slot.request?.msg.method === 'CONNECT' && status !== undefined && status >= 200 && status < 300) {
      addIssue(issues, { code: 'tunnel', side: 'response' });
      this.#state = 'stopped';
    }
  }
}
