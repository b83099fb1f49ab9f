// Which protocol a raw/v2 connection speaks, from the first bytes of either direction. HTTP/2
// without its preface (a capture begun mid-connection, or the server's side) shows only as a
// chain of frame headers, and a first SSL call may hold fewer bytes than that chain (readers that
// take the 9-byte header first): so the choice may have to wait for more bytes of the direction.

import { looksLikeFrames, plausibleFrameHeader } from './frame-sniff.js';

export type ProtocolChoice = 'http1' | 'http2' | undefined;

/** Bytes of one direction kept while undecided; past this the first header alone decides. */
export const MAX_UNDECIDED_BYTES = 256 * 1024;

function isLetter(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * `bytes` = everything one direction sent so far. A letter first is HTTP/1 (a start line, text
 * mid-message, or the preface, which the HTTP/1 parser hands over); a frame chain is HTTP/2; a
 * first 9 bytes that cannot be a frame header is HTTP/1 (binary mid-body); otherwise wait.
 */
export function chooseProtocol(bytes: Uint8Array, typeHint?: number): ProtocolChoice {
  if (typeHint === 2 || typeHint === 4) return 'http2';
  if (bytes.length === 0) return undefined;
  if (isLetter(bytes[0]!)) return 'http1';
  if (looksLikeFrames(bytes)) return 'http2';
  if (bytes.length >= 9 && plausibleFrameHeader(bytes, 0) === undefined) return 'http1';
  if (bytes.length >= MAX_UNDECIDED_BYTES) return 'http2'; // a plausible header, its chain not yet complete
  return undefined;
}

/** When the input ends or breaks while undecided: a plausible frame start is HTTP/2. */
export function chooseProtocolAtEnd(bytes: Uint8Array): 'http1' | 'http2' {
  if (bytes.length >= 9 && plausibleFrameHeader(bytes, 0) !== undefined) return 'http2';
  if (bytes.length > 0 && bytes.length < 9 && bytes[0] === 0) return 'http2';
  return 'http1';
}
