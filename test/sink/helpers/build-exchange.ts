// Hand-built Exchange objects for the sink tests (the assemblers are not used here on purpose).

import type { Body, ConnectionInfo, Exchange, Instant, RequestSide, ResponseSide } from '../../../src/model/exchange.js';

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0);

export function at(ms: number, anchored = true): Instant {
  return { ms, anchored, approximate: false };
}

export function absentBody(): Body {
  return { status: 'absent', wireSize: 0, codings: [], applied: [] };
}

/** A complete body without content coding: wire and decoded are the same bytes. */
export function plainBody(content: string | Uint8Array): Body {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { status: 'complete', wire: bytes, wireSize: bytes.byteLength, decoded: bytes, decodedSize: bytes.byteLength, codings: [], applied: [] };
}

/** A complete body whose coding (e.g. gzip) was undone here. */
export function codedBody(wire: Uint8Array, decoded: Uint8Array, coding: string): Body {
  return {
    status: 'complete',
    wire,
    wireSize: wire.byteLength,
    decoded,
    decodedSize: decoded.byteLength,
    codings: [coding],
    applied: [coding],
  };
}

export function connection(overrides: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return {
    id: '4242:7:0',
    pid: 4242,
    tid: 4243,
    comm: 'curl',
    fd: 7,
    client: { ip: '10.0.0.2', port: 51234 },
    server: { ip: '93.184.216.34', port: 443 },
    hooked: 'client',
    ...overrides,
  };
}

export function request(overrides: Partial<RequestSide> = {}): RequestSide {
  return {
    method: 'GET',
    url: 'https://api.example.com/v1/items?limit=10&q=a+b',
    scheme: 'https',
    authority: 'api.example.com',
    target: '/v1/items?limit=10&q=a+b',
    headers: [
      ['Host', 'api.example.com'],
      ['Accept', 'application/json'],
    ],
    body: absentBody(),
    start: at(T0),
    end: at(T0 + 2),
    ...overrides,
  };
}

export function response(overrides: Partial<ResponseSide> = {}): ResponseSide {
  return {
    status: 200,
    reason: 'OK',
    headers: [['Content-Type', 'application/json']],
    interim: [],
    body: plainBody('{"items":[{"id":1,"name":"one"}],"total":1}'),
    start: at(T0 + 30),
    end: at(T0 + 35),
    ...overrides,
  };
}

export function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    id: '4242:7:0#0',
    connection: connection(),
    protocol: 'HTTP/1.1',
    dialect: 'raw',
    headersRerendered: false,
    request: request(),
    response: response(),
    issues: [],
    ...overrides,
  };
}
