// The request line of an HTTP/2 stream, from its pseudo-headers (RFC 9113 §8.3.1): shared by the
// raw-bytes assembler and the eCapture v1 frame-dump assembler. Nothing is invented: what the
// block did not carry stays empty.

import type { HeaderList, RequestHead } from '../model/exchange.js';

export type RequestLine = Pick<RequestHead, 'method' | 'url' | 'scheme' | 'target' | 'authority'>;

function first(list: HeaderList, name: string): string | undefined {
  return list.find(([n]) => n === name)?.[1];
}

export function requestFromPseudo(pseudo: HeaderList, headers: HeaderList): RequestLine {
  const method = first(pseudo, ':method') ?? '';
  const scheme = first(pseudo, ':scheme') ?? '';
  const authority = first(pseudo, ':authority') ?? first(headers, 'host');
  const path = first(pseudo, ':path');
  // CONNECT carries only :authority, which is also its target (§8.5).
  const target = path ?? (method === 'CONNECT' ? (authority ?? '') : '');
  let url = '';
  if (method === 'CONNECT') url = authority ?? '';
  else if (scheme !== '' && authority !== undefined && path !== undefined) url = `${scheme}://${authority}${path}`;
  const line: RequestLine = { method, url, scheme, target };
  if (authority !== undefined) line.authority = authority;
  return line;
}
