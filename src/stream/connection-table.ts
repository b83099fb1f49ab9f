// Connection identity: (pid, fd, generation), never tid (threads share sockets, §4.1).
// The 4-tuple is an attribute: it may arrive late (a v2 connect line after the data) and a new
// tuple on the same (pid, fd) means the fd was reused, i.e. a new generation.

import type { Tuple } from '../decode/records.js';
import type { ConnectionInfo, ExchangeIssue } from '../model/exchange.js';
import { GenerationLedger } from './generation-ledger.js';
import type { ClockDomain } from './stream-time.js';
import type { EventOrder } from './event-order.js';

/** Events of different producers never share a connection: v2 (pid, fd) and uuid-based keys. */
export type KeyFamily = 'uuid' | 'v2';

export interface ConnectionEntry<A> {
  family: KeyFamily;
  baseKey: string;
  generation: number;
  info: ConnectionInfo;
  /** The tuple as a string, once known. */
  tupleKey?: string;
  /** Data events seen; a v2 connect line may still attach while this is small. */
  dataEvents: number;
  /** Stream time (Instant.ms) of the last activity, for idle completion and eviction. */
  lastActivityMs: number;
  /** The clock domain of its latest event: idle completion uses that domain's stream time. */
  domain?: ClockDomain;
  /** Issues every exchange of this connection carries (dialect conflicts, ambiguity). */
  issues: ExchangeIssue[];
  assembler?: A;
  /** raw/v2: the reorder buffer in front of the assembler. */
  order?: EventOrder;
}

/** How many data events a connection may have seen and still take a late v2 connect line. */
const LATE_CONNECT_WINDOW = 8;

export function tupleKey(t: Tuple): string {
  return `${t.client.ip}:${t.client.port}-${t.server.ip}:${t.server.port}`;
}

export class ConnectionTable<A> {
  #current = new Map<string, ConnectionEntry<A>>();
  #generations = new GenerationLedger();
  readonly #isOpen = (baseKey: string): boolean => this.#current.has(baseKey);

  get size(): number {
    return this.#current.size;
  }

  entries(): IterableIterator<ConnectionEntry<A>> {
    return this.#current.values();
  }

  /** The connection a data event belongs to; a differing tuple starts a new generation. */
  forData(family: KeyFamily, pid: number, fd: number | undefined, comm: string, tuple: Tuple | undefined, nowMs: number, tid?: number): { entry: ConnectionEntry<A>; replaced?: ConnectionEntry<A> } {
    const baseKey = `${family}:${pid}:${fd ?? '?'}`;
    const existing = this.#current.get(baseKey);
    const key = tuple ? tupleKey(tuple) : undefined;
    if (existing && (key === undefined || existing.tupleKey === undefined || existing.tupleKey === key)) {
      if (key !== undefined && existing.tupleKey === undefined) this.#attachTuple(existing, tuple!, key);
      existing.dataEvents++;
      return { entry: existing };
    }
    const entry = this.#create(family, baseKey, pid, fd, comm, tuple, nowMs, tid);
    entry.dataEvents = 1;
    return existing ? { entry, replaced: existing } : { entry };
  }

  /**
   * A v2 connect line: attaches to a connection that has no tuple yet and has only just started,
   * otherwise opens a new generation (the old one is returned so the caller can end it).
   */
  forConnect(pid: number, fd: number, comm: string, tid: number, tuple: Tuple, nowMs: number): { entry: ConnectionEntry<A>; replaced?: ConnectionEntry<A> } {
    const baseKey = `v2:${pid}:${fd}`;
    const existing = this.#current.get(baseKey);
    const key = tupleKey(tuple);
    if (existing && existing.tupleKey === undefined && existing.dataEvents <= LATE_CONNECT_WINDOW) {
      this.#attachTuple(existing, tuple, key);
      return { entry: existing };
    }
    if (existing && existing.tupleKey === key && existing.dataEvents === 0) return { entry: existing };
    const entry = this.#create('v2', baseKey, pid, fd, comm, tuple, nowMs, tid);
    return existing ? { entry, replaced: existing } : { entry };
  }

  delete(entry: ConnectionEntry<A>): void {
    if (this.#current.get(entry.baseKey) === entry) this.#current.delete(entry.baseKey);
  }

  /** The connection idle the longest, for eviction at the open-connection cap. */
  oldestIdle(): ConnectionEntry<A> | undefined {
    let oldest: ConnectionEntry<A> | undefined;
    for (const e of this.#current.values()) if (!oldest || e.lastActivityMs < oldest.lastActivityMs) oldest = e;
    return oldest;
  }

  #attachTuple(entry: ConnectionEntry<A>, tuple: Tuple, key: string): void {
    entry.tupleKey = key;
    entry.info.client = tuple.client;
    entry.info.server = tuple.server;
  }

  #create(family: KeyFamily, baseKey: string, pid: number, fd: number | undefined, comm: string, tuple: Tuple | undefined, nowMs: number, tid?: number): ConnectionEntry<A> {
    const generation = this.#generations.next(baseKey, this.#isOpen);
    const info: ConnectionInfo = { id: `${pid}:${fd ?? '?'}:${generation}`, pid, comm, hooked: 'unknown' };
    if (fd !== undefined) info.fd = fd;
    if (tid !== undefined) info.tid = tid;
    const entry: ConnectionEntry<A> = { family, baseKey, generation, info, dataEvents: 0, lastActivityMs: nowMs, issues: [] };
    if (tuple) this.#attachTuple(entry, tuple, tupleKey(tuple));
    this.#current.set(baseKey, entry);
    return entry;
  }
}
