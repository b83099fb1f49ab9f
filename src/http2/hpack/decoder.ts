// One HPACK decoder (RFC 7541 §6) per direction of a connection, never reset between events.
// Resilient by design: an index into an entry it never saw gives a placeholder field instead of
// an error, a block it cannot finish keeps the fields decoded so far, and every discontinuity
// (`markAllUnknown`) turns the whole table into unknown entries. A decoded field is either right
// or a placeholder, never wrong, provided every discontinuity is reported.

import { decodeHuffman } from './huffman-decode.js';
import { decodeInteger } from './integer.js';
import { staticEntry, STATIC_TABLE_LENGTH } from './static-table.js';
import { DEFAULT_TABLE_SIZE, DynamicTable } from './dynamic-table.js';
import { UNKNOWN_FIELD_NAME, type HeaderField } from './header-field.js';

export type HpackFailureCode =
  | 'integer-truncated'
  | 'integer-overflow'
  | 'string-truncated'
  | 'huffman-eos'
  | 'huffman-padding'
  | 'index-zero'
  | 'index-out-of-range';

/** Internal: aborts one block's decoding; never leaves `decode`. */
export class HpackDecodeError extends Error {
  readonly code: HpackFailureCode;
  readonly offset: number;
  constructor(code: HpackFailureCode, offset: number) {
    super(`HPACK ${code} at byte ${offset}`);
    this.name = 'HpackDecodeError';
    this.code = code;
    this.offset = offset;
  }
}

export interface HpackDecoderOptions {
  /** Sum of name + value + 32 over the fields kept per block. */
  maxHeaderListBytes: number;
  /** Fields kept per block. */
  maxHeaderFields: number;
  /** Bound on the dynamic table, whatever the peer announces (Chrome announces 65536). */
  tableCap: number;
  /** The decoder starts mid-connection: table contents and size unknown. */
  lateAttach: boolean;
}

export interface HeaderBlockResult {
  fields: HeaderField[];
  /** Placeholders among `fields`. */
  placeholders: number;
  /** Fields parsed but not kept because a cap was reached (the table still saw them). */
  dropped: number;
  capped?: 'header-list-bytes' | 'header-fields';
  /** The block could not be decoded to its end: `fields` are those before `offset`. */
  failure?: { code: HpackFailureCode; offset: number };
  /** A table size update above the cap was clamped: later references may become placeholders. */
  clamped: boolean;
  /**
   * Offset of the first index beyond a table believed exact: an insertion was missed without a
   * reported discontinuity. The field became a placeholder and the table was marked unknown.
   */
  outOfRangeAt?: number;
}

type Representation = 'indexed' | 'incremental' | 'without' | 'never' | 'size-update';

export class HpackDecoder {
  readonly #options: HpackDecoderOptions;
  readonly #table: DynamicTable;

  constructor(options: HpackDecoderOptions) {
    this.#options = options;
    this.#table = new DynamicTable({
      cap: options.tableCap,
      ...(options.lateAttach ? {} : { maxSize: DEFAULT_TABLE_SIZE }),
    });
  }

  get table(): DynamicTable {
    return this.#table;
  }

  /** Later indices may point at entries this decoder never saw. */
  get uncertain(): boolean {
    return this.#table.tailUnknown;
  }

  /** Any discontinuity on this direction (gap, resync, lost block): see the module comment. */
  markAllUnknown(): void {
    this.#table.markAllUnknown();
  }

  /** Decodes one complete header block (HEADERS/PUSH_PROMISE + CONTINUATION payloads). Never throws. */
  decode(block: Uint8Array): HeaderBlockResult {
    const result: HeaderBlockResult = { fields: [], placeholders: 0, dropped: 0, clamped: false };
    let listBytes = 0;
    let pos = 0;
    try {
      while (pos < block.length) {
        const start = pos;
        const byte = block[pos]!;
        const kind = representationOf(byte);
        if (kind === 'size-update') {
          const size = this.#integer(block, pos, 5);
          pos = size.next;
          if (this.#table.resize(size.value)) result.clamped = true;
          continue;
        }
        let field: HeaderField;
        if (kind === 'indexed') {
          const index = this.#integer(block, pos, 7);
          pos = index.next;
          if (index.value === 0) throw new HpackDecodeError('index-zero', start);
          field = this.#indexedField(index.value, start, result);
        } else {
          const index = this.#integer(block, pos, kind === 'incremental' ? 6 : 4);
          pos = index.next;
          let name: string | undefined;
          if (index.value === 0) {
            const literal = this.#string(block, pos);
            pos = literal.next;
            name = literal.text;
          } else {
            name = this.#indexedName(index.value, start, result);
          }
          const value = this.#string(block, pos);
          pos = value.next;
          if (kind === 'incremental') this.#table.insert(name, value.text);
          field =
            name === undefined ? { name: UNKNOWN_FIELD_NAME, value: value.text, unknown: 'name' } : { name, value: value.text };
          if (kind === 'never') field.neverIndexed = true;
        }
        // Keep parsing past the caps: the insertions still have to reach the table.
        const cost = field.name.length + field.value.length + 32;
        if (result.capped !== undefined) {
          result.dropped++;
        } else if (result.fields.length >= this.#options.maxHeaderFields) {
          result.capped = 'header-fields';
          result.dropped++;
        } else if (listBytes + cost > this.#options.maxHeaderListBytes) {
          result.capped = 'header-list-bytes';
          result.dropped++;
        } else {
          listBytes += cost;
          result.fields.push(field);
          if (field.unknown !== undefined) result.placeholders++;
        }
      }
    } catch (error) {
      if (!(error instanceof HpackDecodeError)) throw error;
      result.failure = { code: error.code, offset: error.offset };
      // The rest of the block may have inserted entries: nothing later can be trusted.
      this.#table.markAllUnknown();
    }
    return result;
  }

  #indexedField(index: number, offset: number, result: HeaderBlockResult): HeaderField {
    const fixed = staticEntry(index);
    if (fixed) return { name: fixed[0], value: fixed[1] };
    const entry = this.#dynamic(index, offset, result);
    if (entry === undefined) return { name: UNKNOWN_FIELD_NAME, value: '', unknown: 'field' };
    if (entry.name === undefined) return { name: UNKNOWN_FIELD_NAME, value: entry.value, unknown: 'name' };
    return { name: entry.name, value: entry.value };
  }

  #indexedName(index: number, offset: number, result: HeaderBlockResult): string | undefined {
    const fixed = staticEntry(index);
    if (fixed) return fixed[0];
    return this.#dynamic(index, offset, result)?.name;
  }

  /** The dynamic entry, or undefined when this decoder cannot know it. */
  #dynamic(index: number, offset: number, result: HeaderBlockResult): { name: string | undefined; value: string } | undefined {
    const found = this.#table.lookup(index - STATIC_TABLE_LENGTH);
    if (found === 'unknown') return undefined;
    if (found === 'absent') {
      // The table was believed exact, yet the encoder references more: something was missed.
      // Report it, then treat the table as unknown so no later index is trusted blindly.
      this.#table.markAllUnknown();
      result.outOfRangeAt ??= offset;
      return undefined;
    }
    return found;
  }

  #integer(block: Uint8Array, pos: number, prefixBits: number): { value: number; next: number } {
    const read = decodeInteger(block, pos, block.length, prefixBits);
    if (!read.ok) throw new HpackDecodeError(read.failure, pos);
    return read;
  }

  #string(block: Uint8Array, pos: number): { text: string; next: number } {
    const huffman = pos < block.length && (block[pos]! & 0x80) !== 0;
    const length = this.#integer(block, pos, 7);
    const end = length.next + length.value;
    if (end > block.length) throw new HpackDecodeError('string-truncated', pos);
    if (!huffman) return { text: latin1(block.subarray(length.next, end)), next: end };
    const decoded = decodeHuffman(block, length.next, end);
    if (!decoded.ok) throw new HpackDecodeError(decoded.failure, pos);
    return { text: latin1(decoded.bytes), next: end };
  }
}

function representationOf(byte: number): Representation {
  if (byte & 0x80) return 'indexed';
  if (byte & 0x40) return 'incremental';
  if (byte & 0x20) return 'size-update';
  if (byte & 0x10) return 'never';
  return 'without';
}

/** One char per byte (ISO-8859-1): header bytes survive the round trip unchanged. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}
