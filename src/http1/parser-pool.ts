// A small free list of native llhttp parsers. Constructing one costs several microseconds (a C++
// object plus its AsyncWrap); re-initialising a released one costs well under one, and every HTTP/1
// connection needs two, re-made after each resync.

import {
  LENIENT_FLAGS,
  LlhttpParser,
  closeNativeParser,
  createNativeParser,
  headPauseSupported,
  type NativeHttpParser,
  type ParserEvents,
  type ParserKind,
} from './llhttp-adapter.js';

/** How many released natives are kept for reuse; the rest are closed. */
export const PARSER_POOL_SIZE = 64;

const free: NativeHttpParser[] = [];

export interface AcquireOptions {
  maxHeaderSize: number;
  /** Defaults to the adapter's documented LENIENT_FLAGS. */
  lenientFlags?: number;
}

/** A parser ready for a new byte stream (state as new: no message begun). */
export function acquireParser(kind: ParserKind, options: AcquireOptions, events: ParserEvents): LlhttpParser {
  const native = free.pop() ?? createNativeParser();
  const settings = { maxHeaderSize: Math.max(1, Math.floor(options.maxHeaderSize)), lenientFlags: options.lenientFlags ?? LENIENT_FLAGS };
  return new LlhttpParser(native, kind, settings, events, headPauseSupported());
}

/** Gives the native back; the wrapper must not be used afterwards. Call outside `execute`. */
export function releaseParser(parser: LlhttpParser): void {
  if (parser.released) return;
  const native = parser.detach();
  if (free.length < PARSER_POOL_SIZE) free.push(native);
  else closeNativeParser(native);
}

/** Natives currently waiting for reuse (tests). */
export function pooledParserCount(): number {
  return free.length;
}
