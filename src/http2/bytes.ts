// Small byte helpers shared by the HTTP/2 modules.

export const EMPTY_BYTES = new Uint8Array(0);

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function joinBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `bytes[at, at + n)` equals `prefix[0, n)`. */
export function matchesAt(bytes: Uint8Array, at: number, prefix: Uint8Array, n: number): boolean {
  if (at + n > bytes.length || n > prefix.length) return false;
  for (let i = 0; i < n; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
