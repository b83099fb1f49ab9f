// Turns one finished (or given-up) stream into an Exchange: the client's side is the request,
// the server's side the response. Nothing is invented: a method, URL or status that was not
// captured stays empty ('' / 0) and the missing part is named in `issues`.

import { parseContentCodings } from '../body/content-codings.js';
import type { Dialect, Direction } from '../decode/records.js';
import { addIssue } from '../model/exchange.js';
import type { Body, ConnectionInfo, Exchange, ExchangeIssue, HeaderList, RequestSide, ResponseSide } from '../model/exchange.js';
import { WireBodyCollector } from '../body/wire-body.js';
import type { SideState, StreamState } from './streams.js';
import { requestFromPseudo } from './request-from-pseudo.js';

export type SideName = 'request' | 'response';

export interface BuildContext {
  info: ConnectionInfo;
  dialect: Exclude<Dialect, 'v1-or-raw' | 'v1'>;
  exchangeId: string;
  clientDirection: Direction;
  maxBodyBytes: number;
  /** Why the stream is emitted before both sides ended, if it is. */
  forced?: 'idle' | 'end-of-input' | 'reset' | 'goaway' | 'limit' | 'restart';
}

function first(list: HeaderList, name: string): string | undefined {
  return list.find(([n]) => n === name)?.[1];
}

function values(list: HeaderList, name: string): string[] {
  return list.filter(([n]) => n === name).map(([, v]) => v);
}

function hasAnything(side: SideState): boolean {
  return side.headSeen || side.dataSeen || side.ended || side.interim.length > 0;
}

function finishBody(side: SideState, name: SideName, issues: ExchangeIssue[], maxBodyBytes: number, midStream: boolean): Body {
  const collector = side.collector ?? new WireBodyCollector(maxBodyBytes);
  // A side of a stream opened before the capture, whose head was never seen, may miss its start.
  const truncated = side.truncated || !side.ended || (midStream && !side.headSeen && side.dataSeen);
  const body = collector.finish({ truncated, codings: parseContentCodings(values(side.headers, 'content-encoding')) });
  if (body.status === 'truncated') {
    addIssue(issues, { code: 'body-truncated', side: name, detail: side.ended ? 'bytes may be missing' : 'the side did not end (no END_STREAM)' });
  } else if (body.status === 'capped') {
    addIssue(issues, { code: 'body-capped', side: name, detail: `kept the first ${maxBodyBytes} bytes` });
  }
  return body;
}

function requestSideOf(side: SideState, issues: ExchangeIssue[], maxBodyBytes: number, midStream: boolean): RequestSide {
  const request: RequestSide = {
    ...requestFromPseudo(side.pseudo, side.headers),
    headers: side.headers,
    pseudoHeaders: side.pseudo,
    body: finishBody(side, 'request', issues, maxBodyBytes, midStream),
  };
  if (side.trailers) request.trailers = side.trailers;
  if (side.start) request.start = side.start;
  if (side.end) request.end = side.end;
  return request;
}

function responseSideOf(side: SideState, issues: ExchangeIssue[], maxBodyBytes: number, midStream: boolean): ResponseSide {
  const status = first(side.pseudo, ':status');
  const response: ResponseSide = {
    status: status !== undefined && /^\d{3}$/.test(status) ? Number(status) : 0,
    reason: '',
    headers: side.headers,
    pseudoHeaders: side.pseudo,
    interim: side.interim,
    body: finishBody(side, 'response', issues, maxBodyBytes, midStream),
  };
  if (side.trailers) response.trailers = side.trailers;
  if (side.start) response.start = side.start;
  if (side.end) response.end = side.end;
  return response;
}

export function buildExchange(stream: StreamState, ctx: BuildContext): Exchange {
  const serverDirection: Direction = ctx.clientDirection === 'write' ? 'read' : 'write';
  const requestSide = stream.sides[ctx.clientDirection];
  const responseSide = stream.sides[serverDirection];
  const issues: ExchangeIssue[] = [];
  for (const issue of stream.issues) addIssue(issues, issue);
  for (const issue of requestSide.issues) addIssue(issues, { ...issue, side: 'request' });
  for (const issue of responseSide.issues) addIssue(issues, { ...issue, side: 'response' });

  const exchange: Exchange = {
    id: ctx.exchangeId,
    connection: ctx.info,
    protocol: 'HTTP/2',
    streamId: stream.id,
    dialect: ctx.dialect,
    headersRerendered: false,
    issues,
  };

  if (hasAnything(requestSide)) {
    exchange.request = requestSideOf(requestSide, issues, ctx.maxBodyBytes, stream.midStream);
    if (!requestSide.headSeen) addIssue(issues, { code: stream.midStream ? 'mid-stream-start' : 'headers-lost', side: 'request' });
  } else {
    addIssue(issues, { code: 'request-missing', side: 'request' });
    if (stream.midStream) addIssue(issues, { code: 'mid-stream-start', side: 'request' });
  }

  if (responseSide.headSeen || responseSide.dataSeen) {
    exchange.response = responseSideOf(responseSide, issues, ctx.maxBodyBytes, stream.midStream);
    if (!responseSide.headSeen) addIssue(issues, { code: stream.midStream ? 'mid-stream-start' : 'headers-lost', side: 'response' });
  } else {
    if (responseSide.interim.length > 0) {
      const statuses = responseSide.interim.map((i) => i.status).join(', ');
      addIssue(issues, { code: 'interim-only', side: 'response', detail: `only interim responses (${statuses})` });
    }
    addIssue(issues, { code: 'response-missing', side: 'response' });
  }

  for (const [name, side] of [['request', requestSide], ['response', responseSide]] as const) {
    if (side.droppedInterim > 0) {
      addIssue(issues, { code: 'limit-exceeded', side: name, detail: `${side.droppedInterim} interim (1xx) responses after the first ${side.interim.length} were not kept` });
    }
    if (side.droppedTrailerFields > 0) {
      addIssue(issues, { code: 'limit-exceeded', side: name, detail: `${side.droppedTrailerFields} trailer fields after the first ${side.trailers?.length ?? 0} were not kept` });
    }
  }

  if (ctx.forced === 'idle') {
    for (const [name, side] of [['request', requestSide], ['response', responseSide]] as const) {
      if (hasAnything(side) && !side.ended) addIssue(issues, { code: 'completion-inferred', side: name, detail: 'idle timeout' });
    }
  } else if (ctx.forced === 'end-of-input' || ctx.forced === 'restart') {
    const detail = ctx.forced === 'restart' ? 'a new connection preface followed' : 'input ended before the stream did';
    addIssue(issues, { code: 'end-of-input', side: 'connection', detail });
  }
  return exchange;
}
