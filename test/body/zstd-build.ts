// Hand-built zstd frames (RFC 8878 §3.1.1) from raw and RLE blocks only: valid frames that any
// decoder must accept, small enough to write by hand, and able to declare anything in their header.

export interface FrameHeaderSpec {
  singleSegment?: boolean;
  /** Window_Descriptor byte (exponent << 3 | mantissa); only without singleSegment. */
  windowDescriptor?: number;
  /** Frame_Content_Size and how many bytes carry it (1 only with singleSegment; 2 stores size - 256). */
  contentSize?: { value: number | bigint; bytes: 1 | 2 | 4 | 8 };
  checksum?: boolean;
  dictionaryId?: { value: number; bytes: 1 | 2 | 4 };
  reservedBit?: boolean;
}

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function littleEndian(value: number | bigint, bytes: number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

export function frameHeader(spec: FrameHeaderSpec): number[] {
  const fcsBytes = spec.contentSize?.bytes ?? 0;
  const fcsFlag = { 0: 0, 1: 0, 2: 1, 4: 2, 8: 3 }[fcsBytes]!;
  if (fcsBytes === 1 && !spec.singleSegment) throw new Error('1-byte content size needs single segment');
  const dictFlag = { 0: 0, 1: 1, 2: 2, 4: 3 }[spec.dictionaryId?.bytes ?? 0]!;
  const descriptor =
    (fcsFlag << 6) |
    (spec.singleSegment ? 0x20 : 0) |
    (spec.reservedBit ? 0x08 : 0) |
    (spec.checksum ? 0x04 : 0) |
    dictFlag;
  const out = [...MAGIC, descriptor];
  if (!spec.singleSegment) out.push(spec.windowDescriptor ?? 0);
  if (spec.dictionaryId) out.push(...littleEndian(spec.dictionaryId.value, spec.dictionaryId.bytes));
  if (spec.contentSize) {
    const stored = fcsBytes === 2 ? BigInt(spec.contentSize.value) - 256n : BigInt(spec.contentSize.value);
    out.push(...littleEndian(stored, fcsBytes));
  }
  return out;
}

function blockHeader(type: 0 | 1, size: number, last: boolean): number[] {
  return littleEndian((size << 3) | (type << 1) | (last ? 1 : 0), 3);
}

export function rawBlock(content: Uint8Array, last = false): number[] {
  return [...blockHeader(0, content.length, last), ...content];
}

export function rleBlock(byte: number, size: number, last = false): number[] {
  return [...blockHeader(1, size, last), byte];
}

/** Skippable frame with magic nibble `variant` (0..15). */
export function skippableFrame(data: Uint8Array, variant = 0): number[] {
  return [0x50 + variant, 0x2a, 0x4d, 0x18, ...littleEndian(data.length, 4), ...data];
}

export function bytes(...parts: Array<number[] | Uint8Array>): Uint8Array {
  const all: number[] = [];
  for (const p of parts) for (const b of p) all.push(b);
  return new Uint8Array(all);
}

/** `count` RLE blocks of 128 KiB: 4 bytes of input per 128 KiB of output. */
export function rleBomb(header: number[], count: number): Uint8Array {
  const out = new Uint8Array(header.length + count * 4);
  out.set(header);
  for (let i = 0; i < count; i++) out.set(rleBlock(0x41, 128 * 1024, i === count - 1), header.length + i * 4);
  return out;
}
