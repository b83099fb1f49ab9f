// Go's canonical MIME header key (net/textproto CanonicalMIMEHeaderKey): eCapture v1 re-renders
// every header name this way (`content-type` ⇒ `Content-Type`, `ETag` ⇒ `Etag`).

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * true when Go would print `name` unchanged: each letter upper case at the start and after `-`,
 * lower case elsewhere. Names with bytes outside the token set are left alone by Go: also true.
 */
export function isGoCanonicalName(name: string): boolean {
  if (!TOKEN.test(name)) return true;
  let upper = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (upper && c >= 0x61 && c <= 0x7a) return false;
    if (!upper && c >= 0x41 && c <= 0x5a) return false;
    upper = c === 0x2d;
  }
  return true;
}
