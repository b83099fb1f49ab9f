// Turn one order-paired v1 HTTP/1 slot (request k, response k, interim responses) into an
// Exchange. The bodies are eCapture's decoded renderings: `decodedByEcapture` tells the decode
// stage not to undo again what eCapture already undid (§7.4).

import type { Direction } from '../decode/records.js';
import type { V1Http1Message, V1Http1Request, V1Http1Response } from '../http1/v1-parse-rendering.js';
import { WireBodyCollector, absentBody } from '../body/wire-body.js';
import type {
  Body,
  Exchange,
  ExchangeIssue,
  HttpProtocol,
  Instant,
  InterimResponse,
  RequestSide,
  ResponseSide,
} from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import type { V1Context } from './v1-context.js';

/** One rendered message as the pairing keeps it. */
export interface V1H1Entry<M extends V1Http1Message = V1Http1Message> {
  msg: M;
  at: Instant;
  direction: Direction;
  /** The raw uuid (eCapture worker) that rendered it: duplicate heads are judged per uuid. */
  uuid: string;
  /** A duplicate head (§4.2) or a type-0 continuation showed that the body went on past the rendering. */
  continued: boolean;
}

export interface V1H1Slot {
  /** k: the k-th request and the k-th (final or interim-only) response of the connection. */
  index: number;
  request?: V1H1Entry<V1Http1Request>;
  response?: V1H1Entry<V1Http1Response>;
  /** A 1xx rendered alone: its final response was in the same window and is lost (§5 row 12). */
  interim?: V1H1Entry<V1Http1Response>;
  /** Stream-time ms of the slot's latest event. */
  lastMs: number;
  issues: ExchangeIssue[];
}

function headerValue(msg: V1Http1Message, name: string): string | undefined {
  return msg.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function renderedBody(entry: V1H1Entry, maxBytes: number): Body {
  const framing = entry.msg.framing;
  const collector = new WireBodyCollector(maxBytes);
  collector.push(entry.msg.body);
  return collector.finish({
    truncated: framing.truncated || entry.continued,
    // After eCapture's gunzip nothing is left to undo (decoding plaintext again would fail).
    codings: framing.remainingCodings,
    decodedByEcapture: framing.decodedByEcapture,
  });
}

function protocolOf(version: string | undefined): HttpProtocol {
  return version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1';
}

function requestSide(entry: V1H1Entry<V1Http1Request>, ctx: V1Context, issues: ExchangeIssue[]): RequestSide {
  const msg = entry.msg;
  const absolute = /^https?:\/\//i.exec(msg.target);
  let url: string;
  let scheme: string;
  let authority: string | undefined;
  if (absolute) {
    url = msg.target;
    scheme = absolute[0].slice(0, -3).toLowerCase();
    authority = msg.target.slice(absolute[0].length).split(/[/?#]/, 1)[0];
  } else {
    // eCapture hooks TLS libraries: HTTP/1 it renders went over TLS (§1), hence https.
    scheme = 'https';
    authority = headerValue(msg, 'host');
    if (authority === undefined && ctx.info.server) {
      const { ip, port } = ctx.info.server;
      authority = `${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
    }
    const path = msg.method === 'CONNECT' || msg.target.startsWith('/') || msg.target === '*' ? msg.target : `/${msg.target}`;
    url = msg.method === 'CONNECT' ? `https://${msg.target}` : `https://${authority ?? ''}${path === '*' ? '' : path}`;
    addIssue(issues, { code: 'scheme-inferred', side: 'request', detail: 'https assumed: eCapture captures TLS plaintext' });
  }
  const body = renderedBody(entry, ctx.options.maxBodyBytes);
  if (body.status === 'truncated') addIssue(issues, { code: 'body-truncated', side: 'request' });
  const side: RequestSide = { method: msg.method, url, scheme, target: msg.target, headers: msg.headers, body, start: entry.at, end: entry.at };
  if (authority !== undefined) side.authority = authority;
  return side;
}

function interimOf(entry: V1H1Entry<V1Http1Response>): InterimResponse {
  return { status: entry.msg.status, reason: entry.msg.reason, headers: entry.msg.headers, at: entry.at };
}

function responseSide(slot: V1H1Slot, ctx: V1Context, issues: ExchangeIssue[]): ResponseSide | undefined {
  const entry = slot.response;
  const interim = slot.interim ? [interimOf(slot.interim)] : [];
  if (!entry) {
    if (!slot.interim) return undefined;
    // Only the 1xx was rendered: keep it, with no final status (0) and no body.
    return { status: 0, reason: '', headers: [], interim, body: absentBody(), start: slot.interim.at, end: slot.interim.at };
  }
  const msg = entry.msg;
  // v1 parsed every response as if to a GET: a HEAD response's "body" is the window's next bytes (§4.2).
  const headRequest = slot.request?.msg.method === 'HEAD';
  const body = headRequest ? absentBody() : renderedBody(entry, ctx.options.maxBodyBytes);
  if (body.status === 'truncated') addIssue(issues, { code: 'body-truncated', side: 'response' });
  if (!headRequest && msg.framing.mayIncludeNext) {
    addIssue(issues, { code: 'body-may-include-next', side: 'response', detail: 'no length: the body is the rest of the window' });
  }
  return { status: msg.status, reason: msg.reason, headers: msg.headers, interim, body, start: entry.at, end: entry.at };
}

export function buildHttp1Exchange(slot: V1H1Slot, ctx: V1Context): Exchange {
  const issues: ExchangeIssue[] = [];
  addIssue(issues, { code: 'order-based-pairing', detail: `request and response #${slot.index} of the connection, paired by order` });
  addIssue(issues, { code: 'headers-rerendered', detail: "Go's re-rendered head: canonical names, sorted, lines added" });
  addIssue(issues, { code: 'time-approximate', detail: 'v1 time is the end of the flush window' });
  const x: Exchange = {
    id: ctx.nextId(),
    connection: ctx.info,
    protocol: protocolOf(slot.request?.msg.version ?? slot.response?.msg.version ?? slot.interim?.msg.version),
    dialect: 'v1',
    headersRerendered: true,
    issues,
  };
  if (slot.request) x.request = requestSide(slot.request, ctx, issues);
  else addIssue(issues, { code: 'request-missing', side: 'request' });
  const response = responseSide(slot, ctx, issues);
  if (response) x.response = response;
  if (!slot.response) addIssue(issues, { code: 'response-missing', side: 'response' });
  if (!slot.response && slot.interim) {
    addIssue(issues, { code: 'interim-only', side: 'response', detail: `${slot.interim.msg.status} rendered alone: v1 drops a final response in the same window` });
  }
  for (const issue of slot.issues) addIssue(issues, issue);
  return x;
}
