// Content-Encoding values: parsing the header and naming the codings this package can undo.

/** Codings `decodeBody` can undo; `x-gzip` is gzip (RFC 9110 §8.4.1.3). */
export type SupportedCoding = 'gzip' | 'deflate' | 'br' | 'zstd';

const CODING_ALIASES: ReadonlyMap<string, SupportedCoding> = new Map([
  ['gzip', 'gzip'],
  ['x-gzip', 'gzip'],
  ['deflate', 'deflate'],
  ['br', 'br'],
  ['zstd', 'zstd'],
]);

/** Lowercased and trimmed; `identity` and empty members carry no coding. */
export function normalizeCoding(coding: string): string {
  return coding.trim().toLowerCase();
}

export function isNoOpCoding(normalized: string): boolean {
  return normalized === '' || normalized === 'identity';
}

export function supportedCoding(normalized: string): SupportedCoding | undefined {
  return CODING_ALIASES.get(normalized);
}

/**
 * All Content-Encoding field lines, in order, as one list of codings in header order:
 * comma-split, trimmed, lowercased, `identity` and empty members dropped.
 */
export function parseContentCodings(headerValues: string[]): string[] {
  const codings: string[] = [];
  for (const value of headerValues) {
    for (const member of value.split(',')) {
      const coding = normalizeCoding(member);
      if (!isNoOpCoding(coding)) codings.push(coding);
    }
  }
  return codings;
}
