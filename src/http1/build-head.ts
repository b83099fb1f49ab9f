// Model heads (RequestHead / ResponseHead) from what llhttp parsed: headers in wire order and case,
// the URL from Host + target with the scheme flagged as inferred (eCapture hooks TLS, so `https`).

import type { Endpoint } from '../decode/records.js';
import type { ConnectionInfo, ExchangeIssue, HeaderList, HttpProtocol, RequestHead, ResponseHead } from '../model/exchange.js';
import { parseContentCodings } from '../body/content-codings.js';
import type { ParsedHead } from './llhttp-adapter.js';

const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;

export function headerValues(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === lower) out.push(v);
  return out;
}

export function firstHeader(headers: HeaderList, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

/** Content-Encoding codings in header order (comma-split, trimmed, lowercased, no identity). */
export function contentCodings(headers: HeaderList): string[] {
  return parseContentCodings(headerValues(headers, 'content-encoding'));
}

export function protocolOf(head: ParsedHead): HttpProtocol {
  return head.versionMajor === 1 && head.versionMinor === 0 ? 'HTTP/1.0' : 'HTTP/1.1';
}

function hostOf(endpoint: Endpoint): string {
  const ip = endpoint.ip.includes(':') ? `[${endpoint.ip}]` : endpoint.ip;
  return `${ip}:${endpoint.port}`;
}

export interface BuiltRequestHead {
  head: RequestHead;
  issues: ExchangeIssue[];
}

export function buildRequestHead(parsed: ParsedHead, info: ConnectionInfo, headBytes: number | undefined): BuiltRequestHead {
  const method = parsed.method ?? '';
  const target = parsed.target ?? '';
  const issues: ExchangeIssue[] = [];
  const head: RequestHead = { method, url: target, scheme: 'https', target, headers: parsed.headers };
  if (headBytes !== undefined) head.headBytes = headBytes;

  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) {
    head.url = target;
    head.scheme = absolute[1]!.toLowerCase();
    const authority = absolute[2]!.slice(absolute[2]!.lastIndexOf('@') + 1);
    if (authority) head.authority = authority;
    return { head, issues };
  }
  const host = firstHeader(parsed.headers, 'host')?.trim();
  if (method === 'CONNECT') {
    // Authority-form: the target names the tunnel's far end.
    head.authority = target;
    head.url = `https://${target}`;
    issues.push({ code: 'scheme-inferred', side: 'request', detail: 'CONNECT target; https assumed (eCapture hooks TLS)' });
    return { head, issues };
  }
  const path = target === '*' ? '' : target;
  if (host) {
    head.authority = host;
    head.url = `https://${host}${path}`;
    issues.push({ code: 'scheme-inferred', side: 'request', detail: 'https assumed: eCapture hooks TLS, the scheme is not on the wire' });
  } else if (info.server) {
    head.url = `https://${hostOf(info.server)}${path}`;
    issues.push({ code: 'scheme-inferred', side: 'request', detail: 'no Host header: URL from the server address; https assumed' });
  } else {
    head.url = target;
    issues.push({ code: 'scheme-inferred', side: 'request', detail: 'no Host header and no server address: URL is the target alone' });
  }
  return { head, issues };
}

export function buildResponseHead(parsed: ParsedHead, headBytes: number | undefined): ResponseHead {
  const head: ResponseHead = { status: parsed.status ?? 0, reason: parsed.reason ?? '', headers: parsed.headers };
  if (headBytes !== undefined) head.headBytes = headBytes;
  return head;
}

export type BodyFraming = 'none' | 'length' | 'chunked' | 'until-close';

/** How a message's body is delimited (RFC 9112 §6.3), given whether it can carry one at all. */
export function bodyFraming(parsed: ParsedHead, mayHaveBody: boolean): { framing: BodyFraming; length?: number } {
  if (!mayHaveBody) return { framing: 'none' };
  const te = headerValues(parsed.headers, 'transfer-encoding').join(',').toLowerCase();
  if (te.trim() !== '') {
    const last = te.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last === 'chunked') return { framing: 'chunked' };
    return { framing: parsed.kind === 'response' ? 'until-close' : 'none' };
  }
  const cl = firstHeader(parsed.headers, 'content-length');
  if (cl !== undefined && /^\s*\d+\s*$/.test(cl)) {
    const length = Number(cl.trim());
    return length > 0 ? { framing: 'length', length } : { framing: 'none' };
  }
  return { framing: parsed.kind === 'response' ? 'until-close' : 'none' };
}

/** Responses that never carry a body, whatever their headers say. */
export function responseMayHaveBody(status: number, requestMethod: string | undefined): boolean {
  if (requestMethod === 'HEAD') return false;
  if (status >= 100 && status < 200) return false;
  if (status === 204 || status === 304) return false;
  if (requestMethod === 'CONNECT' && status >= 200 && status < 300) return false;
  return true;
}
