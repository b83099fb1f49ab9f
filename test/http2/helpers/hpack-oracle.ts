// hpack.js's compressor as an independent, dev-only HPACK encoder for tests.

import { createRequire } from 'node:module';

interface Compressor {
  write(headers: Array<{ name: string; value: string; huffman?: boolean; neverIndex?: boolean }>): void;
  read(): Buffer | null;
  updateTableSize(size: number): void;
  reset(): void;
}
interface HpackJs {
  compressor: { create(options: { table: { maxSize: number } }): Compressor };
}

const hpack = createRequire(import.meta.url)('hpack.js') as HpackJs;

export type Pairs = Array<[string, string]>;

/**
 * Encodes header lists one block at a time, carrying the encoder's table across blocks.
 * (hpack.js reads the table bound from `table.maxSize`; with `size` it would never evict.)
 */
export class OracleEncoder {
  readonly #compressor: Compressor;
  readonly #tableSize: number;
  constructor(tableSize = 4096) {
    this.#tableSize = tableSize;
    this.#compressor = hpack.compressor.create({ table: { maxSize: tableSize } });
  }
  /** The size update announcing this encoder's table size, to put at the start of a block. */
  announceSize(): Uint8Array {
    this.#compressor.updateTableSize(this.#tableSize);
    return this.#drain();
  }
  encode(list: Pairs, options: { huffman?: boolean } = {}): Uint8Array {
    this.#compressor.write(list.map(([name, value]) => ({ name, value, huffman: options.huffman !== false })));
    return this.#drain();
  }
  /** Size updates to 0 and back (the encoder empties its table), to put before the next block. */
  resetTable(): Uint8Array {
    this.#compressor.reset();
    return this.#drain();
  }
  #drain(): Uint8Array {
    const parts: Buffer[] = [];
    for (let chunk = this.#compressor.read(); chunk !== null; chunk = this.#compressor.read()) parts.push(chunk);
    return new Uint8Array(Buffer.concat(parts));
  }
}
