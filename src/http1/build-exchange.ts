// An Exchange from one pairing slot: the messages as parsed, every loss named in `issues`.

import type { Dialect } from '../decode/records.js';
import { addIssue, type ConnectionInfo, type Exchange, type ExchangeIssue, type InterimResponse, type RequestSide, type ResponseSide } from '../model/exchange.js';
import { absentBody } from '../body/wire-body.js';
import { buildRequestHead, buildResponseHead, protocolOf } from './build-head.js';
import type { Http1Message } from './http1-message.js';
import type { Slot } from './pairing.js';

export interface ExchangeContext {
  id: string;
  info: ConnectionInfo;
  dialect: Exclude<Dialect, 'v1-or-raw' | 'v1'>;
  /** No request / no final response can come any more (vs. still possible but given up on). */
  requestMissing: boolean;
  responseMissing: boolean;
  /** Why the exchange is emitted incomplete, if it is. */
  reason?: ExchangeIssue;
}

export function requestSideOf(message: Http1Message, info: ConnectionInfo, issues: ExchangeIssue[]): RequestSide {
  const built = buildRequestHead(message.head, info, message.headBytes);
  for (const issue of built.issues) addIssue(issues, issue);
  // The head object becomes the side (no spread: a spread of an object with optional keys costs
  // microseconds per exchange on this path).
  const side = built.head as RequestSide;
  side.body = message.body ?? absentBody();
  side.start = message.start;
  if (message.trailers?.length) side.trailers = message.trailers;
  if (message.end) side.end = message.end;
  return side;
}

function interimOf(message: Http1Message): InterimResponse {
  return { status: message.head.status ?? 0, reason: message.head.reason ?? '', headers: message.head.headers, at: message.start };
}

export function responseSideOf(message: Http1Message, interim: Http1Message[]): ResponseSide {
  const side = buildResponseHead(message.head, message.headBytes) as ResponseSide;
  side.interim = interim.map(interimOf);
  side.body = message.body ?? absentBody();
  side.start = message.start;
  if (message.trailers?.length) side.trailers = message.trailers;
  if (message.end) side.end = message.end;
  return side;
}

export function buildExchange(slot: Slot, ctx: ExchangeContext): Exchange {
  const issues: ExchangeIssue[] = [];
  const first = slot.request ?? slot.response ?? slot.interim[0];
  const exchange: Exchange = {
    id: ctx.id,
    connection: ctx.info,
    protocol: first ? protocolOf(first.head) : 'HTTP/1.1',
    dialect: ctx.dialect,
    headersRerendered: false,
    issues,
  };
  if (slot.request) {
    exchange.request = requestSideOf(slot.request, ctx.info, issues);
    for (const issue of slot.request.issues) addIssue(issues, issue);
  } else {
    addIssue(issues, {
      code: 'request-missing',
      side: 'request',
      detail: ctx.requestMissing ? 'the request was not captured' : 'no request arrived for this response',
    });
  }
  if (slot.response) {
    exchange.response = responseSideOf(slot.response, slot.interim);
    for (const issue of slot.response.issues) addIssue(issues, issue);
  } else {
    if (slot.interim.length > 0) {
      addIssue(issues, { code: 'interim-only', side: 'response', detail: `only interim responses (${slot.interim.map((m) => m.head.status).join(', ')})` });
    }
    addIssue(issues, {
      code: 'response-missing',
      side: 'response',
      detail: ctx.responseMissing ? 'the response was not captured' : 'no response arrived for this request',
    });
  }
  for (const message of slot.interim) for (const issue of message.issues) addIssue(issues, issue);
  if (slot.droppedInterim) {
    addIssue(issues, { code: 'limit-exceeded', side: 'response', detail: `${slot.droppedInterim} interim (1xx) responses after the first ${slot.interim.length} were not kept` });
  }
  for (const issue of slot.issues) addIssue(issues, issue);
  if (ctx.reason) addIssue(issues, ctx.reason);
  return exchange;
}
