// Cheap checks on the first bytes of a connection: do they look like HTTP/2 frames?
// Used only to choose the first parser; the HTTP/2 frame reader does its own resync.

const MAX_FRAME_TYPE = 9;

/**
 * True when the chunk is a chain of plausible frame headers: either at least three chained
 * headers, or a chain that ends exactly at the chunk's end. A single header is too weak a sign
 * (any 9 bytes of a body can look like one), hence the chain.
 */
export function looksLikeFrames(bytes: Uint8Array, maxFrameBytes = 1 << 24): boolean {
  let offset = 0;
  let headers = 0;
  while (offset + 9 <= bytes.length && headers < 3) {
    const length = plausibleFrameHeader(bytes, offset, maxFrameBytes);
    if (length === undefined) return false;
    headers++;
    offset += 9 + length;
    if (offset === bytes.length) return true;
  }
  return headers >= 3;
}

/** The payload length of a plausible frame header at `offset`, or undefined (needs 9 bytes). */
export function plausibleFrameHeader(bytes: Uint8Array, offset: number, maxFrameBytes = 1 << 24): number | undefined {
  if (offset + 9 > bytes.length) return undefined;
  const length = (bytes[offset]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
  const type = bytes[offset + 3]!;
  const streamId = ((bytes[offset + 5]! & 0x7f) << 24) | (bytes[offset + 6]! << 16) | (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
  if (bytes[offset + 5]! & 0x80) return undefined; // reserved bit
  if (type > MAX_FRAME_TYPE || length > maxFrameBytes) return undefined;
  return streamIdFits(type, streamId, length) ? length : undefined;
}

function streamIdFits(type: number, streamId: number, length: number): boolean {
  switch (type) {
    case 4: // SETTINGS
      return streamId === 0 && length % 6 === 0;
    case 6: // PING
      return streamId === 0 && length === 8;
    case 7: // GOAWAY
      return streamId === 0 && length >= 8;
    case 8: // WINDOW_UPDATE
      return length === 4;
    case 3: // RST_STREAM
      return streamId !== 0 && length === 4;
    case 2: // PRIORITY
      return streamId !== 0 && length === 5;
    default: // DATA, HEADERS, PUSH_PROMISE, CONTINUATION
      return streamId !== 0;
  }
}
