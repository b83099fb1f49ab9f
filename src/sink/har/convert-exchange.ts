// One Exchange → one HAR 1.2 entry. Sizes are integers, timings non-negative with
// `time = send + wait + receive`, and everything the capture lacks is flagged, not filled in.

import { isIP } from 'node:net';
import type { Exchange, HeaderList, RequestSide, ResponseSide } from '../../model/exchange.js';
import { computeTimings, withTimeIssues } from '../compute-timings.js';
import { explainMissingResponse } from '../explain-missing-response.js';
import { headerValues, firstHeader } from '../read-headers.js';
import { normalizeRedactOption, redactExchangeWithReport, type RedactOptions } from '../redact.js';
import { parseUrl, queryPairs } from '../parse-url.js';
import { DEFAULT_MAX_BODY_BYTES } from '../select-body.js';
import { convertRequestBody, convertResponseBody } from './convert-body.js';
import type { HarEcaptureInfo, HarEntry, HarIssue, HarNameValue, HarRequest, HarResponse } from './har-types.js';
import { parseRequestCookies, parseResponseCookies } from './parse-cookies.js';

export interface HarOptions {
  /** Bodies holding more bytes than this are left out (flagged). Default 16 MiB. */
  maxBodyBytes?: number;
  /** `true`: the default set (Cookie, Set-Cookie, Authorization, Proxy-Authorization, URL credentials). */
  redact?: RedactOptions | boolean;
  /** Overrides the version read from package.json in `log.creator`. */
  creatorVersion?: string;
  /** Leave `log.pages` out entirely instead of writing an empty array. */
  pageless?: true;
}

/** Whether the exchange can be a HAR entry at all: HAR requires a request method and URL. */
export function isHarRepresentable(x: Exchange): boolean {
  return x.request !== undefined && x.request.method !== '' && x.request.url !== '';
}

/** The HAR entry, or undefined when the exchange has no request method or URL (count it). */
export function exchangeToHarEntry(x: Exchange, options: HarOptions = {}): HarEntry | undefined {
  if (!isHarRepresentable(x)) return undefined;
  const redact = normalizeRedactOption(options.redact);
  let redacted: string[] = [];
  if (redact) ({ exchange: x, redacted } = redactExchangeWithReport(x, redact));
  if (x.request === undefined) return undefined;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const timings = computeTimings(x);
  const issues: HarIssue[] = withTimeIssues(x.issues, timings);

  const serverIp = x.connection.server?.ip;
  const entry: HarEntry = {
    startedDateTime: timings.startIso,
    time: timings.total,
    request: convertRequest(x, x.request, maxBodyBytes),
    response: x.response ? convertResponse(x, x.response, maxBodyBytes) : missingResponse(x),
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: timings.send, wait: timings.wait, receive: timings.receive },
    ...(serverIp !== undefined && isIP(serverIp) !== 0 ? { serverIPAddress: serverIp } : {}),
    connection: x.connection.id,
    ...(x.response ? {} : { _error: explainMissingResponse(x) }),
    _issues: issues,
    _ecapture: ecaptureInfo(x),
  };
  if (redacted.length > 0) entry._redacted = redacted;
  return entry;
}

function convertRequest(x: Exchange, side: RequestSide, maxBodyBytes: number): HarRequest {
  const body = convertRequestBody(side, maxBodyBytes);
  const request: HarRequest = {
    method: side.method,
    url: side.url,
    httpVersion: x.protocol,
    cookies: parseRequestCookies(headerValues(side.headers, 'cookie')),
    headers: nameValues(side.headers),
    queryString: queryPairs(parseUrl(side.url).query),
    headersSize: exactHeadSize(x, side.headBytes),
    bodySize: body.bodySize,
  };
  if (body.postData) request.postData = body.postData;
  if (side.pseudoHeaders && side.pseudoHeaders.length > 0) request._pseudoHeaders = nameValues(side.pseudoHeaders);
  if (side.trailers && side.trailers.length > 0) request._trailers = nameValues(side.trailers);
  if (body.bodyStatus) request._bodyStatus = body.bodyStatus;
  if (body.requestBodyStatus) request._requestBodyStatus = body.requestBodyStatus;
  if (body.content) request._content = body.content;
  return request;
}

function convertResponse(x: Exchange, side: ResponseSide, maxBodyBytes: number): HarResponse {
  const body = convertResponseBody(side, maxBodyBytes);
  const response: HarResponse = {
    status: Number.isInteger(side.status) ? side.status : 0,
    statusText: side.reason,
    httpVersion: x.protocol,
    cookies: parseResponseCookies(headerValues(side.headers, 'set-cookie')),
    headers: nameValues(side.headers),
    content: body.content,
    redirectURL: firstHeader(side.headers, 'location') ?? '',
    headersSize: exactHeadSize(x, side.headBytes),
    bodySize: body.bodySize,
  };
  if (side.pseudoHeaders && side.pseudoHeaders.length > 0) response._pseudoHeaders = nameValues(side.pseudoHeaders);
  if (side.trailers && side.trailers.length > 0) response._trailers = nameValues(side.trailers);
  if (side.interim.length > 0) {
    response._interim = side.interim.map((i) => ({ status: i.status, statusText: i.reason, headers: nameValues(i.headers) }));
  }
  if (body.bodyStatus) response._bodyStatus = body.bodyStatus;
  return response;
}

/** Status 0 and nothing else: the shape Chrome and HTTP Toolkit give a request without a reply. */
function missingResponse(x: Exchange): HarResponse {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: '' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    comment: `no response was captured (${explainMissingResponse(x)})`,
  };
}

/** Exact only for HTTP/1 heads as they were on the wire (not Go's re-rendering, not HPACK). */
function exactHeadSize(x: Exchange, headBytes: number | undefined): number {
  if (x.protocol === 'HTTP/2' || x.headersRerendered || headBytes === undefined) return -1;
  return Number.isInteger(headBytes) && headBytes >= 0 ? headBytes : -1;
}

function nameValues(headers: HeaderList): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function ecaptureInfo(x: Exchange): HarEcaptureInfo {
  const c = x.connection;
  const info: HarEcaptureInfo = {
    exchangeId: x.id,
    connectionId: c.id,
    pid: c.pid,
    comm: c.comm,
    dialect: x.dialect,
    hooked: c.hooked,
    headersRerendered: x.headersRerendered,
  };
  if (c.tid !== undefined) info.tid = c.tid;
  if (c.fd !== undefined) info.fd = c.fd;
  if (c.client) info.client = { ip: c.client.ip, port: c.client.port };
  if (c.server) info.server = { ip: c.server.ip, port: c.server.port };
  if (x.streamId !== undefined) info.streamId = x.streamId;
  return info;
}
