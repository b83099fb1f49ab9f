// Per-stream state of an HTTP/2 connection: one side per sending direction, filled by header
// blocks and DATA, and the table of open streams (bounded, oldest first) plus a short memory of
// streams already emitted, so late frames for them are ignored rather than opening new streams.

import { WireBodyCollector } from '../body/wire-body.js';
import type { Direction } from '../decode/records.js';
import type { ExchangeIssue, HeaderList, Instant, InterimResponse } from '../model/exchange.js';
import type { HeaderField } from './hpack/header-field.js';
import type { HeaderBlockResult } from './hpack/decoder.js';
import { addIssue } from '../model/exchange.js';

/** What one direction sent on one stream. */
export interface SideState {
  /** The leading header block arrived (decoded, partly decoded or announced lost). */
  headSeen: boolean;
  pseudo: HeaderList;
  headers: HeaderList;
  interim: InterimResponse[];
  trailers?: HeaderList;
  dataSeen: boolean;
  collector?: WireBodyCollector;
  /** END_STREAM seen. */
  ended: boolean;
  /** Bytes of this side may be missing (a loss while it was open, a cut frame). */
  truncated: boolean;
  start?: Instant;
  end?: Instant;
  /** Issues concerning this side; `side` is filled in when the exchange is built. */
  issues: ExchangeIssue[];
  /** Interim responses and trailer fields beyond the limits: counted, not kept. */
  droppedInterim: number;
  droppedTrailerFields: number;
}

/** How much one side keeps of what may repeat without bound (a 1xx flood, trailer blocks). */
export interface SideLimits {
  maxInterim: number;
  maxTrailerFields: number;
}

export interface StreamState {
  id: number;
  sides: Record<Direction, SideState>;
  /** Opened by PUSH_PROMISE. */
  pushed: boolean;
  /** Opened before the capture began (late attach): its first header blocks were never seen. */
  midStream: boolean;
  /** Connection-level issues attached to this stream. */
  issues: ExchangeIssue[];
  lastActivityMs: number;
}

export function newSide(): SideState {
  return {
    headSeen: false,
    pseudo: [],
    headers: [],
    interim: [],
    dataSeen: false,
    ended: false,
    truncated: false,
    issues: [],
    droppedInterim: 0,
    droppedTrailerFields: 0,
  };
}

export function touchSide(side: SideState, at: Instant): void {
  side.start ??= at;
  side.end = at;
}

export function pushData(side: SideState, bytes: Uint8Array, maxBodyBytes: number): void {
  side.dataSeen = true;
  side.collector ??= new WireBodyCollector(maxBodyBytes);
  side.collector.push(bytes);
}

/**
 * Splits decoded fields into pseudo-headers and regular headers, in wire order. A placeholder
 * goes where it stood: before the first regular header it was most likely a pseudo-header.
 */
export function splitFields(fields: readonly HeaderField[]): { pseudo: HeaderList; headers: HeaderList } {
  const pseudo: HeaderList = [];
  const headers: HeaderList = [];
  for (const field of fields) {
    const isPseudo = field.unknown !== undefined ? headers.length === 0 : field.name.startsWith(':');
    (isPseudo ? pseudo : headers).push([field.name, field.value]);
  }
  return { pseudo, headers };
}

function known(fields: readonly HeaderField[], name: string): string | undefined {
  return fields.find((f) => f.unknown === undefined && f.name === name)?.value;
}

/**
 * Applies one header block to a side: a 1xx block is interim, the first other block is the
 * head, every later block carries trailers (RFC 9113 §8.1). A block after DATA, or one without
 * any pseudo-header, is trailers even when the head was never seen (lost, or before the capture).
 */
export function applyHeaderBlock(
  side: SideState,
  fields: readonly HeaderField[],
  at: Instant,
  limits: SideLimits = { maxInterim: Number.POSITIVE_INFINITY, maxTrailerFields: Number.POSITIVE_INFINITY },
): 'interim' | 'head' | 'trailers' {
  const status = known(fields, ':status');
  const { pseudo, headers } = splitFields(fields);
  if (!side.headSeen && status !== undefined && /^1\d\d$/.test(status)) {
    if (side.interim.length < limits.maxInterim) side.interim.push({ status: Number(status), reason: '', headers, at });
    else side.droppedInterim++;
    return 'interim';
  }
  if (side.headSeen || side.dataSeen || (pseudo.length === 0 && fields.length > 0)) {
    // Appended in place (a copy per block is quadratic over a flood of trailer blocks), up to the cap.
    const trailers = (side.trailers ??= []);
    for (const field of [...pseudo, ...headers]) {
      if (trailers.length < limits.maxTrailerFields) trailers.push(field);
      else side.droppedTrailerFields++;
    }
    return 'trailers';
  }
  side.headSeen = true;
  side.pseudo = pseudo;
  side.headers = headers;
  return 'head';
}

/** Names on the side what decoding one of its header blocks lost or left out. */
export function flagHeaderBlock(side: SideState, result: HeaderBlockResult, complete: boolean): void {
  if (result.placeholders > 0) {
    addIssue(side.issues, { code: 'hpack-context-lost', detail: `${result.placeholders} field(s) referenced table entries never seen` });
  }
  if (!complete || result.failure) {
    const why = result.failure ? `${result.failure.code} at byte ${result.failure.offset}` : 'part of the header block is missing';
    addIssue(side.issues, { code: 'headers-lost', detail: `${why}; ${result.fields.length} field(s) kept` });
  }
  if (result.outOfRangeAt !== undefined) {
    addIssue(side.issues, { code: 'hpack-uncertain', detail: 'an index beyond the table: an earlier loss went unnoticed' });
  }
  if (result.capped) {
    addIssue(side.issues, { code: 'limit-exceeded', detail: `${result.capped}: ${result.dropped} field(s) left out` });
  }
}

/** Open streams in creation order, and recently emitted ids. */
export class StreamTable {
  readonly #open = new Map<number, StreamState>();
  readonly #recent = new Set<number>();
  readonly #recentLimit: number;

  constructor(recentLimit = 4096) {
    this.#recentLimit = recentLimit;
  }

  get size(): number {
    return this.#open.size;
  }

  get(id: number): StreamState | undefined {
    return this.#open.get(id);
  }

  /** Emitted a short while ago: late frames for it are not a new stream. */
  wasEmitted(id: number): boolean {
    return this.#recent.has(id);
  }

  create(id: number, atMs: number, midStream: boolean): StreamState {
    const stream: StreamState = {
      id,
      sides: { read: newSide(), write: newSide() },
      pushed: false,
      midStream,
      issues: [],
      lastActivityMs: atMs,
    };
    this.#open.set(id, stream);
    this.#recent.delete(id);
    return stream;
  }

  remove(stream: StreamState): void {
    this.#open.delete(stream.id);
    this.#recent.add(stream.id);
    if (this.#recent.size > this.#recentLimit) this.#recent.delete(this.#recent.values().next().value!);
  }

  oldest(): StreamState | undefined {
    return this.#open.values().next().value;
  }

  /** A snapshot, oldest first (safe to emit while iterating). */
  all(): StreamState[] {
    return [...this.#open.values()];
  }

  clear(): void {
    this.#open.clear();
    this.#recent.clear();
  }
}
