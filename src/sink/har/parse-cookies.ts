// Cookie and Set-Cookie parsing for HAR `cookies[]` (RFC 6265 §4.1.1, §5.4; lenient like browsers).

import type { HarCookie } from './har-types.js';

/** Every cookie in the request's Cookie header(s) (HTTP/2 may split them over several). */
export function parseRequestCookies(cookieHeaders: string[]): HarCookie[] {
  const cookies: HarCookie[] = [];
  for (const header of cookieHeaders) {
    for (const pair of header.split(';')) {
      const trimmed = pair.trim();
      if (trimmed === '') continue;
      cookies.push(splitPair(trimmed));
    }
  }
  return cookies;
}

/** One Set-Cookie header value; undefined when it names no cookie at all. */
export function parseSetCookie(header: string): HarCookie | undefined {
  const [first = '', ...attributes] = header.split(';');
  if (first.trim() === '') return undefined;
  const cookie = splitPair(first.trim());
  for (const attribute of attributes) {
    const eq = attribute.indexOf('=');
    const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : attribute.slice(eq + 1).trim();
    switch (key) {
      case 'path':
        cookie.path = value;
        break;
      case 'domain':
        cookie.domain = value;
        break;
      case 'expires': {
        // HAR wants ISO 8601; an unparseable date is left out rather than guessed.
        const ms = Date.parse(value);
        if (Number.isFinite(ms)) cookie.expires = new Date(ms).toISOString();
        break;
      }
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'samesite':
        cookie.sameSite = value;
        break;
      default:
        break;
    }
  }
  return cookie;
}

export function parseResponseCookies(setCookieHeaders: string[]): HarCookie[] {
  const cookies: HarCookie[] = [];
  for (const header of setCookieHeaders) {
    const cookie = parseSetCookie(header);
    if (cookie) cookies.push(cookie);
  }
  return cookies;
}

/** `name=value`; a pair without '=' is a nameless cookie (RFC 6265bis §5.6). */
function splitPair(pair: string): HarCookie {
  const eq = pair.indexOf('=');
  if (eq < 0) return { name: '', value: pair };
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
}
