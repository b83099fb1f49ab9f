// One HTTP/1 message as the reader of one direction produced it, before pairing.

import type { Body, ExchangeIssue, HeaderList, Instant } from '../model/exchange.js';
import type { WireBodyCollector } from '../body/wire-body.js';
import type { BodyFraming } from './build-head.js';
import type { ParsedHead } from './llhttp-adapter.js';

export interface Http1Message {
  kind: 'request' | 'response';
  head: ParsedHead;
  /** Exact head size on the wire, when the reader could see both its ends. */
  headBytes?: number;
  framing: BodyFraming;
  collector: WireBodyCollector;
  /** Set once the message ended (complete or cut). */
  body?: Body;
  trailers?: HeaderList;
  start: Instant;
  end?: Instant;
  /** `at.ms` of the newest byte that belonged to it. */
  lastMs: number;
  done: boolean;
  /** Side-specific issues (resync, truncation, parse errors), `side` already set. */
  issues: ExchangeIssue[];
  /** llhttp stops after it: an upgrade or CONNECT request, a 101, a 2xx to CONNECT. */
  stops: boolean;
  /** Bytes were skipped or lost on this direction just before it: counts may be off. */
  afterDiscontinuity: boolean;
  /** A possibly-cut 16 KiB event was fed while this message was open. */
  sawPossiblyTruncated: boolean;
}

/** Codes the pairing layer and the exchange builder look at on a message. */
export function messageHasIssue(message: Http1Message, code: ExchangeIssue['code']): boolean {
  return message.issues.some((i) => i.code === code);
}
