// Redaction for sharing captures: Chrome's "sanitized" HAR export (Cookie, Set-Cookie,
// Authorization) plus Proxy-Authorization, credentials in URLs and user-named headers. It works
// on the Exchange model so HAR and NDJSON drop exactly the same things. Removal is total (the
// header line goes, not just its value); `cookies[]` are derived from the removed headers.

import type { Exchange, HeaderList, InterimResponse, RequestSide, ResponseSide } from '../model/exchange.js';

export interface RedactOptions {
  /** Extra header names to remove (any case); the default set is always removed. */
  headers?: string[];
}

export const DEFAULT_REDACTED_HEADERS: readonly string[] = ['cookie', 'set-cookie', 'authorization', 'proxy-authorization'];

/** Headers whose value is a URL that may carry `user:password@`. */
const URL_VALUED_HEADERS = new Set(['location', 'content-location', 'referer', 'origin']);

export interface RedactionResult {
  exchange: Exchange;
  /** What was removed, e.g. `request.header:authorization`, `request.url.credentials`; sorted, unique. */
  redacted: string[];
}

/** `redact` as the sink options take it: `true` means the default set only. */
export function normalizeRedactOption(redact: RedactOptions | boolean | undefined): RedactOptions | undefined {
  if (redact === undefined || redact === false) return undefined;
  return redact === true ? {} : redact;
}

export function redactExchange(x: Exchange, options: RedactOptions): Exchange {
  return redactExchangeWithReport(x, options).exchange;
}

export function redactExchangeWithReport(x: Exchange, options: RedactOptions): RedactionResult {
  const names = new Set([...DEFAULT_REDACTED_HEADERS, ...(options.headers ?? []).map((n) => n.trim().toLowerCase())]);
  const report = new Set<string>();
  const exchange: Exchange = { ...x };
  if (x.request) exchange.request = redactRequest(x.request, names, report);
  if (x.response) exchange.response = redactResponse(x.response, names, report);
  return { exchange, redacted: [...report].sort() };
}

function redactRequest(side: RequestSide, names: Set<string>, report: Set<string>): RequestSide {
  const out: RequestSide = { ...side, headers: redactHeaders(side.headers, names, 'request.header', report) };
  const url = stripUrlCredentials(side.url);
  if (url !== undefined) {
    out.url = url;
    report.add('request.url.credentials');
  }
  const target = stripUrlCredentials(side.target);
  if (target !== undefined) {
    out.target = target;
    report.add('request.url.credentials');
  }
  if (side.authority !== undefined && side.authority.includes('@')) {
    out.authority = side.authority.slice(side.authority.lastIndexOf('@') + 1);
    report.add('request.url.credentials');
  }
  if (side.pseudoHeaders) out.pseudoHeaders = redactPseudoHeaders(side.pseudoHeaders, names, 'request', report);
  if (side.trailers) out.trailers = redactHeaders(side.trailers, names, 'request.trailer', report);
  return out;
}

function redactResponse(side: ResponseSide, names: Set<string>, report: Set<string>): ResponseSide {
  const out: ResponseSide = {
    ...side,
    headers: redactHeaders(side.headers, names, 'response.header', report),
    interim: side.interim.map(
      (i): InterimResponse => ({ ...i, headers: redactHeaders(i.headers, names, 'response.interim.header', report) }),
    ),
  };
  if (side.pseudoHeaders) out.pseudoHeaders = redactPseudoHeaders(side.pseudoHeaders, names, 'response', report);
  if (side.trailers) out.trailers = redactHeaders(side.trailers, names, 'response.trailer', report);
  return out;
}

function redactHeaders(headers: HeaderList, names: Set<string>, where: string, report: Set<string>): HeaderList {
  const out: HeaderList = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (names.has(lower)) {
      report.add(`${where}:${lower}`);
      continue;
    }
    const stripped = URL_VALUED_HEADERS.has(lower) ? stripUrlCredentials(value) : undefined;
    if (stripped !== undefined) {
      report.add(`${where}:${lower}.credentials`);
      out.push([name, stripped]);
    } else {
      out.push([name, value]);
    }
  }
  return out;
}

function redactPseudoHeaders(headers: HeaderList, names: Set<string>, side: string, report: Set<string>): HeaderList {
  const out: HeaderList = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (names.has(lower)) {
      report.add(`${side}.pseudo-header:${lower}`);
      continue;
    }
    let kept = value;
    if (lower === ':authority' && value.includes('@')) kept = value.slice(value.lastIndexOf('@') + 1);
    else if (lower === ':path') kept = stripUrlCredentials(value) ?? value;
    if (kept !== value) report.add(`${side}.url.credentials`);
    out.push([name, kept]);
  }
  return out;
}

// scheme://userinfo@…: userinfo runs to the last '@' before the path, like WHATWG URL parsing.
const URL_WITH_USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/;

/** The URL without `user:password@`, or undefined when it carries none. */
export function stripUrlCredentials(url: string): string | undefined {
  const match = URL_WITH_USERINFO.exec(url);
  return match ? match[1] + url.slice(match[0].length) : undefined;
}
