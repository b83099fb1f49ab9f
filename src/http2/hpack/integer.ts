// HPACK prefix integers (RFC 7541 §5.1), bounded so a hostile run of continuation bytes can
// neither overflow nor loop: values above MAX_HPACK_INTEGER are refused.

/** Larger than any index, length or table size a sane peer sends (2^31 - 1). */
export const MAX_HPACK_INTEGER = 0x7fffffff;

export type IntegerResult =
  | { ok: true; value: number; next: number }
  | { ok: false; failure: 'integer-truncated' | 'integer-overflow' };

/** Reads the integer whose prefix occupies the low `prefixBits` bits of `input[pos]`. */
export function decodeInteger(input: Uint8Array, pos: number, end: number, prefixBits: number): IntegerResult {
  if (pos >= end) return { ok: false, failure: 'integer-truncated' };
  const limit = (1 << prefixBits) - 1;
  let value = input[pos]! & limit;
  let at = pos + 1;
  if (value < limit) return { ok: true, value, next: at };
  let scale = 1;
  for (;;) {
    if (at >= end) return { ok: false, failure: 'integer-truncated' };
    const byte = input[at++]!;
    value += (byte & 0x7f) * scale;
    if (value > MAX_HPACK_INTEGER) return { ok: false, failure: 'integer-overflow' };
    if ((byte & 0x80) === 0) return { ok: true, value, next: at };
    scale *= 128;
    // Zero-valued continuation bytes add nothing but could go on forever: the scale bounds them.
    if (scale > MAX_HPACK_INTEGER) return { ok: false, failure: 'integer-overflow' };
  }
}
