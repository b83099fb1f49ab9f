// One connection of the eCapture v1 dialect: its events are eCapture's renderings of flush windows
// (§2.1), not bytes. Types 1/3 go to the order-based HTTP/1 pairing, types 2/4 to the HTTP/2
// stream table, type 0 only flags what it may have cut. Sans-IO: the caller drives `advance`.

import type { DataEvent, Direction } from '../decode/records.js';
import { parseV1Http1 } from '../http1/v1-parse-rendering.js';
import { parseV1FrameDump, type V1FrameDump } from '../http2/v1-parse-frame-dump.js';
import type { ConnectionInfo, Exchange, Instant } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import { V1Context } from './v1-context.js';
import { V1Http1Pairing } from './v1-http1-pairing.js';
import { V1Http2Streams } from './v1-http2-streams.js';
import { resolveV1Options, type V1Options } from './v1-options.js';

export type { V1Options } from './v1-options.js';
export { DEFAULT_V1_OPTIONS } from './v1-options.js';

/** Counts of what a connection received but could not turn into exchanges. */
export interface V1ConnectionStats {
  /** Type-0 payloads and unread parser tails (opaque, never parsed into exchanges). */
  fragments: number;
  /** Events of types other than 0–4. */
  unknownTypes: number;
}

type State = 'open' | 'ended';

interface Unplaced {
  dump: V1FrameDump;
  direction: Direction;
  at: Instant;
}

const HEAD_START = /^(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+ [^ ]+ HTTP\/\d\.\d|HTTP\/\d\.\d \d{3})/;

/** Which role a dump reveals for its direction: client (true), server (false), or nothing. */
function roleHint(dump: V1FrameDump, type: number): boolean | undefined {
  for (const frame of dump.frames) {
    if (frame.kind !== 'headers') continue;
    if (frame.fields.some((f) => f.name === ':method')) return true;
    if (frame.fields.some((f) => f.name === ':status')) return false;
  }
  // Type 2 = the uuid's first window began with the client preface.
  return type === 2 ? true : undefined;
}

export class V1Connection {
  #state: State = 'open';
  readonly #ctx: V1Context;
  readonly #h1: V1Http1Pairing;
  readonly #h2: V1Http2Streams;
  #protocol: 'unknown' | 'http1' | 'http2' = 'unknown';
  /** HTTP/2 dumps held until some direction is known to be the client's. */
  #unplaced: Unplaced[] = [];
  readonly #stats: V1ConnectionStats = { fragments: 0, unknownTypes: 0 };

  constructor(info: ConnectionInfo, options: Partial<V1Options>, emit: (x: Exchange) => void) {
    this.#ctx = new V1Context(info, resolveV1Options(options), emit);
    this.#h1 = new V1Http1Pairing(this.#ctx);
    this.#h2 = new V1Http2Streams(this.#ctx);
  }

  get protocol(): 'unknown' | 'http1' | 'http2' {
    return this.#protocol;
  }

  get stats(): Readonly<V1ConnectionStats> {
    return this.#stats;
  }

  push(ev: DataEvent, at: Instant): void {
    if (this.#state === 'ended') return;
    const direction = this.#directionOf(ev);
    switch (ev.type) {
      case 1:
      case 3:
        return this.#onRendering(ev, direction, at);
      case 2:
      case 4:
        return this.#onDump(ev, direction, at);
      case 0:
        return this.#onFragment(ev.payload, direction);
      default:
        this.#stats.unknownTypes++;
    }
  }

  gap(): void {
    this.#h1.gap();
    this.#h2.gap();
  }

  advance(nowMs: number): void {
    if (this.#state === 'ended') return;
    const oldest = this.#unplaced[0];
    if (oldest && nowMs - oldest.at.ms >= this.#ctx.options.idleTimeoutMs) this.#placeWithAssumedRole();
    this.#h1.advance(nowMs);
    this.#h2.advance(nowMs);
  }

  end(): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    if (this.#unplaced.length > 0) this.#placeWithAssumedRole();
    this.#h1.end();
    this.#h2.end();
  }

  #directionOf(ev: DataEvent): Direction {
    if (ev.direction) return ev.direction;
    addIssue(this.#ctx.connectionIssues, { code: 'ambiguous-connection', side: 'connection', detail: 'an event without a direction: placed by its type' });
    return ev.type === 1 || ev.type === 2 ? 'write' : 'read';
  }

  #onRendering(ev: DataEvent, direction: Direction, at: Instant): void {
    const parsed = parseV1Http1(ev.payload, ev.type as 1 | 3);
    if (parsed.kind === 'message') {
      if (this.#protocol === 'unknown') this.#protocol = 'http1';
      this.#h1.push(parsed, direction, ev.rawUuid, at);
      return;
    }
    if (parsed.reason === 'h2-request-side-lost') {
      // §2.1/§5 row 16: the client's frames were parsed as HTTP/1; never make exchanges of them.
      this.#protocol = 'http2';
      this.#ctx.learnRole(direction, true);
      this.#h2.markRequestSideLost();
      addIssue(this.#ctx.connectionIssues, { code: 'h2-request-side-lost', side: 'connection', detail: parsed.detail });
      this.#stats.fragments++;
      this.#placeUnplaced();
      return;
    }
    this.#onFragment(ev.payload, direction);
  }

  #onDump(ev: DataEvent, direction: Direction, at: Instant): void {
    this.#protocol = 'http2';
    const dump = parseV1FrameDump(ev.payload);
    const hint = roleHint(dump, ev.type);
    if (hint !== undefined) this.#ctx.learnRole(direction, hint);
    if (this.#ctx.clientDirection === undefined) {
      this.#unplaced.push({ dump, direction, at });
      if (this.#unplaced.length >= this.#ctx.options.maxUnplacedEvents) this.#placeWithAssumedRole();
      return;
    }
    this.#placeUnplaced();
    this.#h2.push(dump, direction, at);
  }

  /** Type 0 (or an unread tail): opaque; it only tells that something on `direction` was cut. */
  #onFragment(payload: Uint8Array, direction: Direction): void {
    this.#stats.fragments++;
    if (this.#protocol === 'http1') {
      const start = Buffer.from(payload.subarray(0, 256)).toString('latin1');
      this.#h1.fragment(direction, HEAD_START.test(start));
    } else if (this.#protocol === 'http2') {
      const side = this.#ctx.sideOf(direction);
      if (side) this.#h2.lostWindow(side);
    }
  }

  #placeUnplaced(): void {
    const held = this.#unplaced;
    this.#unplaced = [];
    for (const u of held) this.#h2.push(u.dump, u.direction, u.at);
  }

  /** No dump said who the client is: take the hooked end if known, else client-side capture. */
  #placeWithAssumedRole(): void {
    if (this.#ctx.clientDirection === undefined) {
      const hooked = this.#ctx.info.hooked;
      if (hooked === 'server') this.#ctx.learnRole('read', true);
      else if (hooked === 'client') this.#ctx.learnRole('write', true);
      else this.#ctx.learnRole('write', true, true);
    }
    this.#placeUnplaced();
  }
}
