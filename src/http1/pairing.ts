// Pairs the k-th request of a connection with its k-th final response (keep-alive, pipelining),
// whichever arrives first (arrival order is not capture order, §4.4), and re-aligns the counts after
// bytes were lost.
//
// Re-alignment rule (applied once, to the first message a direction produces after it skipped or
// lost bytes — `afterDiscontinuity`):
// - Requests lost: the responses to them still come, first. The next request takes index
//   max(next request index, next response index): responses already seen without a request keep
//   their slots (emitted `request-missing`), so later pairs line up again.
// - Responses lost: on a connection that never pipelined, at most one request is outstanding at a
//   time, so a response answers the newest outstanding request and the older ones lost theirs
//   (`response-missing`). On a pipelining connection order is the only evidence: FIFO is kept and
//   the pair is flagged `order-based-pairing`, and so is every later pair of the connection (if
//   FIFO guessed wrong, all of them are off by the same count).
// - A request that arrives while the response side may have lost bytes is no evidence of
//   pipelining (its predecessor's response may be the lost one); a re-alignment that had to choose
//   among requests seen that way is a guess, flagged `order-based-pairing`.
// - Both sides lost bytes: the first response after the loss may answer a request that was lost
//   while the waiting one lost its response; the pair is kept by order and flagged.
// Both rules are exact for sequential keep-alive (the common case) and best effort with pipelining
// through a loss, which the flags say.
//
// Causality: a final response that began before the request it would pair with (by the events'
// own times), or when no request waits at all, answers a request the capture never saw (the
// capture began after it was sent, or it was lost). It becomes an exchange of its own
// (`request-missing`) and the waiting requests move one slot up, keeping later pairs aligned.
// Equal times count as "request first" (v2 has millisecond stamps; reordered events tie).

import type { ExchangeIssue } from '../model/exchange.js';
import type { Http1Message } from './http1-message.js';

export interface Slot {
  index: number;
  request?: Http1Message;
  /** The final response (status ≥ 200, or 101). */
  response?: Http1Message;
  interim: Http1Message[];
  /** Interim responses beyond the limit: counted, not kept. */
  droppedInterim?: number;
  issues: ExchangeIssue[];
}

export class Pairing {
  #slots = new Map<number, Slot>();
  #nextRequest = 0;
  #nextResponse = 0;
  #pipelined = false;
  /** Requests arrived while responses may have been lost: whether they pipelined is unknown. */
  #pipeliningUnknown = false;
  /** A re-alignment kept FIFO by order alone: later pairs share its uncertainty. */
  #orderOnly: ExchangeIssue | undefined;

  get pipelined(): boolean {
    return this.#pipelined;
  }

  /** Slots not yet taken out, in index order. */
  slots(): Slot[] {
    return [...this.#slots.values()].sort((a, b) => a.index - b.index);
  }

  /** Requests seen that still wait for a final response. */
  unanswered(): Slot[] {
    return this.slots().filter((s) => s.request && !s.response && !this.responseMissing(s));
  }

  /** The request the next final response would answer (for HEAD/CONNECT framing). */
  peekResponseSlot(afterDiscontinuity: boolean): Slot | undefined {
    return this.#slots.get(afterDiscontinuity ? this.#realignedResponseIndex().index : this.#nextResponse);
  }

  /** `responsesMayBeLost`: the response side lost bytes since its last message (a gap, a resync). */
  addRequest(message: Http1Message, responsesMayBeLost = false): Slot {
    let index = this.#nextRequest;
    if (message.afterDiscontinuity) index = Math.max(index, this.#nextResponse);
    this.#nextRequest = index + 1;
    if (this.slots().some((s) => s.index < index && s.request && !s.response && !this.responseMissing(s))) {
      if (responsesMayBeLost) this.#pipeliningUnknown = true;
      else this.#pipelined = true;
    }
    const slot = this.#slot(index);
    slot.request = message;
    return slot;
  }

  /** Keeps at most `max` interim responses per slot; later ones are only counted. */
  addInterim(message: Http1Message, max = Number.POSITIVE_INFINITY): Slot {
    if (message.afterDiscontinuity) this.#realignResponses(message);
    const slot = this.#slot(this.#nextResponse);
    if (slot.interim.length < max) slot.interim.push(message);
    else slot.droppedInterim = (slot.droppedInterim ?? 0) + 1;
    return slot;
  }

  /** `requestsMayBeLost`: the request side lost bytes since its last request (a gap, a resync). */
  addResponse(message: Http1Message, requestsMayBeLost = false): Slot {
    if (message.afterDiscontinuity) this.#realignResponses(message);
    const index = this.#nextResponse;
    const request = this.#slots.get(index)?.request;
    if (message.afterDiscontinuity && requestsMayBeLost && request && request.start.ms <= message.start.ms) {
      // Both sides lost bytes: the waiting request may have lost its response, and this response its request.
      message.issues.push({ code: 'order-based-pairing', side: 'response', detail: 'requests and responses were lost: paired by order only' });
    }
    if (!request) this.#nextRequest = Math.max(this.#nextRequest, index + 1);
    else if (request.start.ms > message.start.ms) this.#shiftRequestsUp(index);
    this.#nextResponse = index + 1;
    const slot = this.#slot(index);
    slot.response = message;
    if (this.#orderOnly && !message.issues.some((i) => i.code === 'order-based-pairing')) message.issues.push({ ...this.#orderOnly });
    return slot;
  }

  /** The slot holding `message` now (requests move when an earlier response shows up). */
  slotOf(message: Http1Message): Slot | undefined {
    for (const slot of this.#slots.values()) {
      if (slot.request === message || slot.response === message || slot.interim.includes(message)) return slot;
    }
    return undefined;
  }

  /** No request can come for this slot any more (a later request took a later index). */
  requestMissing(slot: Slot): boolean {
    return !slot.request && this.#nextRequest > slot.index;
  }

  /** No final response can come for this slot any more (a later one took a later index). */
  responseMissing(slot: Slot): boolean {
    return !slot.response && this.#nextResponse > slot.index;
  }

  /** Both sides ended, or the missing side can no longer come. */
  ready(slot: Slot): boolean {
    const requestSettled = slot.request ? slot.request.done : this.requestMissing(slot);
    const responseSettled = slot.response ? slot.response.done : this.responseMissing(slot);
    return requestSettled && responseSettled;
  }

  take(slot: Slot): void {
    this.#slots.delete(slot.index);
  }

  #slot(index: number): Slot {
    let slot = this.#slots.get(index);
    if (!slot) {
      slot = { index, interim: [], issues: [] };
      this.#slots.set(index, slot);
    }
    return slot;
  }

  /** Requests waiting at `from` and above move up one slot, freeing `from` for an earlier response. */
  #shiftRequestsUp(from: number): void {
    for (let j = this.#nextRequest - 1; j >= from; j--) {
      const slot = this.#slots.get(j);
      if (!slot?.request) continue;
      this.#slot(j + 1).request = slot.request;
      slot.request = undefined;
    }
    this.#nextRequest += 1;
  }

  #realignedResponseIndex(): { index: number; ambiguous: 'pipelined' | 'unknown' | undefined } {
    const waiting = this.slots().filter((s) => s.index >= this.#nextResponse && s.request && !s.response);
    if (waiting.length < 2) return { index: this.#nextResponse, ambiguous: undefined };
    if (this.#pipelined) return { index: this.#nextResponse, ambiguous: 'pipelined' };
    return { index: waiting.at(-1)!.index, ambiguous: this.#pipeliningUnknown ? 'unknown' : undefined };
  }

  #realignResponses(message: Http1Message): void {
    const { index, ambiguous } = this.#realignedResponseIndex();
    this.#pipeliningUnknown = false;
    if (ambiguous === 'pipelined') {
      this.#orderOnly = {
        code: 'order-based-pairing',
        side: 'response',
        detail: 'responses were lost on a pipelining connection: paired by order only',
      };
      message.issues.push({ ...this.#orderOnly });
    } else if (ambiguous === 'unknown') {
      message.issues.push({
        code: 'order-based-pairing',
        side: 'response',
        detail: 'responses were lost while requests kept coming: paired with the newest request, as without pipelining',
      });
    }
    this.#nextResponse = index;
  }
}
