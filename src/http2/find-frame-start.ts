// Where frames start again in bytes the reader lost its place in. Proof, strongest first:
// three chained plausible headers, or two ending exactly at the pushed chunk's end; at an event
// start, a chain that hops exactly onto that start (a frame ended where the event ended); then
// the event start itself. Never a lone header found by scanning: that finds phantoms in DATA.

import { matchesAt } from './bytes.js';
import { readFrameHeader, type HeaderRules } from './frame-header.js';
import { CLIENT_PREFACE, FRAME_HEADER_BYTES } from './frame-types.js';
import { chainPositions, judgeFrameChain } from './judge-frame-chain.js';

export type ResyncVia = 'event-start' | 'frame-chain' | 'chain-at-chunk-end' | 'preface';

export interface FrameStart {
  /** The position found, if any. */
  found?: number;
  via?: ResyncVia;
  /** The first position not yet decided: scan again from here when more bytes come. */
  undecided?: number;
}

/** Chained headers that prove a scanned position is a frame start. */
export const CHAIN_PROOF = 3;

type Proof = Exclude<ResyncVia, 'preface'> | undefined;

function proofAt(buffer: Uint8Array, at: number, rules: HeaderRules, landing: number | undefined): { proof: Proof; open: boolean } {
  const verdict = judgeFrameChain(buffer, at, buffer.length, rules, CHAIN_PROOF);
  if (verdict.kind === 'valid') return { proof: 'frame-chain', open: false };
  // One header ending at the chunk's end could be a fake frame inside DATA that happens to end
  // where the event does; two chained ones hardly can. One alone waits for the next bytes.
  if (verdict.kind === 'ends-at-end' && verdict.frames >= 2) return { proof: 'chain-at-chunk-end', open: false };
  if (verdict.kind === 'invalid') return { proof: undefined, open: false };
  if (landing !== undefined && landing > at && chainPositions(buffer, at, landing, 64).includes(landing)) {
    return { proof: 'event-start', open: false };
  }
  return { proof: undefined, open: true };
}

/**
 * Two proven chains that meet (one starts inside the other's first frame and both hop onto the
 * same frames) cannot both be right: one first frame is a fake header whose length lands on a
 * real frame. Real stream ids are small, numbers read out of payload bytes rarely are: the
 * candidate whose first frame has the smallest stream id wins (then the earliest).
 */
function pickAmongMerging(buffer: Uint8Array, at: number, rules: HeaderRules, landing: number | undefined): number {
  const hops = chainPositions(buffer, at, buffer.length, 8);
  const next = hops[1] ?? buffer.length;
  let best = at;
  let bestId = readFrameHeader(buffer, at).streamId;
  for (let q = at + 1; q < next && q + FRAME_HEADER_BYTES <= buffer.length; q++) {
    if (proofAt(buffer, q, rules, landing).proof === undefined) continue;
    if (!chainPositions(buffer, q, buffer.length, 8).some((p) => hops.includes(p))) continue;
    const id = readFrameHeader(buffer, q).streamId;
    if (id < bestId) {
      best = q;
      bestId = id;
    }
  }
  return best;
}

function scan(buffer: Uint8Array, from: number, to: number, rules: HeaderRules, landing: number | undefined): FrameStart {
  let undecided: number | undefined;
  for (let at = from; at < to && at + FRAME_HEADER_BYTES <= buffer.length; at++) {
    const { proof, open } = proofAt(buffer, at, rules, landing);
    if (proof !== undefined) return { found: pickAmongMerging(buffer, at, rules, landing), via: proof };
    if (open) undecided ??= at;
  }
  return undecided === undefined ? {} : { undecided };
}

/**
 * Scans `buffer` from `from`. `eventStart` is where the latest pushed chunk began, when it began
 * an event: positions held from earlier pushes are judged first (a frame that ended the previous
 * event exactly is proven by the event that follows), then the event start itself.
 */
export function findFrameStart(buffer: Uint8Array, from: number, rules: HeaderRules, eventStart: number | undefined): FrameStart {
  if (eventStart !== undefined) {
    const startsFrames = judgeFrameChain(buffer, eventStart, buffer.length, rules, CHAIN_PROOF);
    const plausible = startsFrames.kind !== 'invalid' && startsFrames.frames > 0;
    const early = scan(buffer, from, eventStart, rules, plausible ? eventStart : undefined);
    if (early.found !== undefined) return early;
    if (matchesAt(buffer, eventStart, CLIENT_PREFACE, CLIENT_PREFACE.length)) return { found: eventStart, via: 'preface' };
    if (plausible) return { found: eventStart, via: 'event-start' };
  }
  return scan(buffer, from, buffer.length, rules, undefined);
}
