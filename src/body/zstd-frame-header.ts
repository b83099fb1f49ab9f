// Reads zstd frame headers and walks frame/block boundaries (RFC 8878 §3.1) without decoding
// anything. Decoders allocate what a header declares (window, content size), so every frame is
// checked here before any decoder sees it: a 17-byte frame must not be able to ask for gigabytes.

/** Magic of a zstd frame, read little-endian (bytes 28 B5 2F FD). */
export const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames use magics 0x184D2A50..0x184D2A5F. */
const SKIPPABLE_MAGIC_BASE = 0x184d2a50;
const MAX_BLOCK_BYTES = 128 * 1024;
const BLOCK_TYPE_RLE = 1;
const BLOCK_TYPE_RESERVED = 3;

export interface ZstdFrameHeader {
  kind: 'zstd';
  /** Offset of the frame's magic in the input. */
  offset: number;
  headerSize: number;
  singleSegment: boolean;
  /** Window the decoder must keep; for single-segment frames it is the content size. */
  windowSize: number;
  /** Declared Frame_Content_Size, if the header carries one. */
  contentSize?: number;
  dictionaryId: number;
  hasChecksum: boolean;
}

export interface ZstdSkippableFrame {
  kind: 'skippable';
  offset: number;
  /** Magic + size field + user data. */
  totalSize: number;
}

export type ZstdHeaderResult =
  | { ok: true; header: ZstdFrameHeader }
  | { ok: false; reason: 'need-more'; detail: string }
  | { ok: false; reason: 'invalid'; detail: string };

function readUint32LE(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Unsigned little-endian integer of 1..8 bytes as a number (exact up to 2^53). */
function readUintLE(b: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + b[at + i]!;
  return value;
}

/** Parses the header of the zstd frame at `offset` (the magic must already be known to match). */
export function parseZstdFrameHeader(input: Uint8Array, offset: number): ZstdHeaderResult {
  if (input.length < offset + 5) {
    return { ok: false, reason: 'need-more', detail: 'input ends inside a zstd frame header' };
  }
  const descriptor = input[offset + 4]!;
  const fcsFlag = descriptor >> 6;
  const singleSegment = ((descriptor >> 5) & 1) === 1;
  const reservedBit = (descriptor >> 3) & 1;
  const hasChecksum = ((descriptor >> 2) & 1) === 1;
  const dictIdFlag = descriptor & 3;
  if (reservedBit !== 0) {
    return { ok: false, reason: 'invalid', detail: 'zstd frame header reserved bit is set' };
  }
  const windowDescriptorSize = singleSegment ? 0 : 1;
  const dictIdSize = [0, 1, 2, 4][dictIdFlag]!;
  const fcsSize = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
  const headerSize = 5 + windowDescriptorSize + dictIdSize + fcsSize;
  if (input.length < offset + headerSize) {
    return { ok: false, reason: 'need-more', detail: 'input ends inside a zstd frame header' };
  }
  let at = offset + 5;
  let windowSize = 0;
  if (!singleSegment) {
    const wd = input[at]!;
    const windowBase = 2 ** (10 + (wd >> 3));
    windowSize = windowBase + (windowBase / 8) * (wd & 7);
    at += 1;
  }
  const dictionaryId = readUintLE(input, at, dictIdSize);
  at += dictIdSize;
  let contentSize: number | undefined;
  if (fcsSize > 0) {
    contentSize = readUintLE(input, at, fcsSize) + (fcsSize === 2 ? 256 : 0);
  }
  if (singleSegment) windowSize = contentSize ?? 0;
  const header: ZstdFrameHeader = {
    kind: 'zstd',
    offset,
    headerSize,
    singleSegment,
    windowSize,
    dictionaryId,
    hasChecksum,
  };
  if (contentSize !== undefined) header.contentSize = contentSize;
  return { ok: true, header };
}

export interface ZstdFrameSpan {
  frame: ZstdFrameHeader | ZstdSkippableFrame;
  /** Bytes of the whole frame (header, blocks, checksum) present in the input. */
  end: number;
  /** The input ended inside this frame. */
  cut: boolean;
}

export interface ZstdWalkLimits {
  maxWindowBytes: number;
}

export type ZstdWalkResult =
  | { ok: true; frames: ZstdFrameSpan[]; truncated: boolean }
  | { ok: false; detail: string };

/**
 * Walks every frame and block boundary of `input`, checking each frame header against `limits`
 * before looking at the frame's blocks. `truncated` means the input ends inside a frame; the
 * frames before it are whole.
 */
export function walkZstdFrames(input: Uint8Array, limits: ZstdWalkLimits): ZstdWalkResult {
  const frames: ZstdFrameSpan[] = [];
  let at = 0;
  while (at < input.length) {
    if (input.length - at < 4) return { ok: true, frames, truncated: true };
    const magic = readUint32LE(input, at);
    if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC_BASE) {
      const frame = walkSkippable(input, at);
      frames.push(frame);
      if (frame.cut) return { ok: true, frames, truncated: true };
      at = frame.end;
      continue;
    }
    if (magic !== ZSTD_MAGIC) {
      return { ok: false, detail: `no zstd frame magic at byte ${at}` };
    }
    const parsed = parseZstdFrameHeader(input, at);
    if (!parsed.ok) {
      if (parsed.reason === 'need-more') return { ok: true, frames, truncated: true };
      return { ok: false, detail: parsed.detail };
    }
    const refusal = refuseHeader(parsed.header, limits);
    if (refusal !== undefined) return { ok: false, detail: refusal };
    const span = walkBlocks(input, parsed.header);
    if (typeof span === 'string') return { ok: false, detail: span };
    frames.push(span);
    if (span.cut) return { ok: true, frames, truncated: true };
    at = span.end;
  }
  return { ok: true, frames, truncated: false };
}

function refuseHeader(header: ZstdFrameHeader, limits: ZstdWalkLimits): string | undefined {
  if (header.windowSize > limits.maxWindowBytes) {
    const what = header.singleSegment ? 'single-segment content size' : 'window';
    return `zstd frame at byte ${header.offset} declares a ${what} of ${header.windowSize} bytes, over the ${limits.maxWindowBytes}-byte window limit`;
  }
  if (header.dictionaryId !== 0) {
    return `zstd frame at byte ${header.offset} needs dictionary ${header.dictionaryId}, which is not available`;
  }
  return undefined;
}

function walkSkippable(input: Uint8Array, at: number): ZstdFrameSpan {
  if (input.length - at < 8) {
    return { frame: { kind: 'skippable', offset: at, totalSize: 8 }, end: input.length, cut: true };
  }
  const totalSize = 8 + readUint32LE(input, at + 4);
  const end = at + totalSize;
  const frame: ZstdSkippableFrame = { kind: 'skippable', offset: at, totalSize };
  return end > input.length ? { frame, end: input.length, cut: true } : { frame, end, cut: false };
}

/** Follows block headers to the end of the frame; a string is why the frame is malformed. */
function walkBlocks(input: Uint8Array, header: ZstdFrameHeader): ZstdFrameSpan | string {
  let at = header.offset + header.headerSize;
  for (;;) {
    if (input.length - at < 3) return { frame: header, end: input.length, cut: true };
    const blockHeader = input[at]! | (input[at + 1]! << 8) | (input[at + 2]! << 16);
    const last = (blockHeader & 1) === 1;
    const type = (blockHeader >> 1) & 3;
    const size = blockHeader >>> 3;
    if (type === BLOCK_TYPE_RESERVED) {
      return `zstd block at byte ${at} has the reserved block type`;
    }
    const contentBytes = type === BLOCK_TYPE_RLE ? 1 : size;
    // Block_Maximum_Size = min(window, 128 KiB); decoders size their block buffers by it.
    if (size > Math.min(header.windowSize, MAX_BLOCK_BYTES)) {
      return `zstd block at byte ${at} is larger than the frame's block maximum`;
    }
    at += 3 + contentBytes;
    if (at > input.length) return { frame: header, end: input.length, cut: true };
    if (last) break;
  }
  if (header.hasChecksum) {
    at += 4;
    if (at > input.length) return { frame: header, end: input.length, cut: true };
  }
  return { frame: header, end: at, cut: false };
}
