// Header look-ups shared by the sinks. Header names compare case-insensitively (RFC 9110 §5.1).

import { parseContentCodings } from '../body/content-codings.js';
import type { HeaderList } from '../model/exchange.js';

/** Every value of the named header, in wire order. */
export function headerValues(headers: HeaderList | undefined, name: string): string[] {
  if (!headers) return [];
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === wanted) values.push(v);
  return values;
}

/** The first value of the named header, if any. */
export function firstHeader(headers: HeaderList | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === wanted) return v;
  return undefined;
}

/** `type/subtype` of a Content-Type value, lower-cased, without parameters. */
export function essenceOf(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** The codings the Content-Encoding field lines name, in header order (lower-cased, no `identity`). */
export function contentCodings(headers: HeaderList | undefined): string[] {
  return parseContentCodings(headerValues(headers, 'content-encoding'));
}
