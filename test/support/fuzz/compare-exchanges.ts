// The fuzz properties' comparisons. Exchanges are compared without their times (strip-times.ts),
// grouped by connection (`<pid>:<fd>`; every corpus copy has pids of its own).
//
// - untouched connections: the exchanges equal the baseline's exactly, ids and order included;
// - touched connections, per exchange: each exchange equals a baseline exchange of its connection
//   (ids aside) or carries a damage flag: an issue other than the notes every exchange of its kind
//   carries anyway (scheme-inferred, headers-rerendered, the time notes). v1 HTTP/1 exchanges all
//   carry order-based-pairing: it is the flag that says they may be paired wrongly, so it counts;
// - touched connections, per connection: when a connection's exchanges differ from the baseline,
//   at least one of them carries a damage flag (the damage is never silent, even where it cannot
//   be pinned on the exchange it spoiled).

import { isDeepStrictEqual } from 'node:util';
import type { Exchange, IssueCode } from '../../../src/model/exchange.js';
import { withoutTimes } from '../strip-times.js';

const ALWAYS_THERE: ReadonlySet<IssueCode> = new Set<IssueCode>(['scheme-inferred', 'headers-rerendered', 'time-unanchored', 'time-approximate']);

export function exchangeKey(x: Exchange): string {
  return `${x.connection.pid}:${x.connection.fd ?? '?'}`;
}

/** Issues that say something went wrong (not the notes every exchange of its kind carries). */
export function damageFlags(x: Exchange): IssueCode[] {
  return x.issues
    .map((i) => i.code)
    .filter((code) => !ALWAYS_THERE.has(code));
}

/** The exchange without times, ids (exchange and connection) kept. */
export function exact(x: Exchange): unknown {
  return withoutTimes(x);
}

/** The exchange without times and without ids: what it says, not where it was numbered. */
export function content(x: Exchange): unknown {
  const plain = withoutTimes(x) as { id?: string; connection?: { id?: string } };
  delete plain.id;
  if (plain.connection) delete plain.connection.id;
  return plain;
}

export function groupByConnection(xs: readonly Exchange[]): Map<string, Exchange[]> {
  const out = new Map<string, Exchange[]>();
  for (const x of xs) {
    const key = exchangeKey(x);
    const list = out.get(key);
    if (list) list.push(x);
    else out.set(key, [x]);
  }
  return out;
}

function describe(x: Exchange): string {
  const target = x.request ? `${x.request.method} ${x.request.target}` : 'no request';
  const status = x.response ? String(x.response.status) : 'no response';
  return `${x.id} [${target} → ${status}] issues: ${x.issues.map((i) => i.code).join(',') || 'none'}`;
}

/** Every exchange equals the baseline's, connection by connection, ids and order included. */
export function compareExact(baseline: readonly Exchange[], mutated: readonly Exchange[]): string[] {
  return compareUntouched(baseline, mutated, new Set());
}

/**
 * `x` says what `b` says. A connection whose connect line was lost has no endpoints: that is
 * missing, not wrong, so `x` may lack the endpoints `b` has.
 */
export function sameContent(b: Exchange, x: Exchange): boolean {
  const mine = content(x);
  if (isDeepStrictEqual(content(b), mine)) return true;
  if (x.connection.client !== undefined || x.connection.server !== undefined) return false;
  const { client: _client, server: _server, ...connection } = b.connection;
  return isDeepStrictEqual(content({ ...b, connection }), mine);
}

/** Problems with untouched connections: they must be exactly as in the baseline. */
export function compareUntouched(baseline: readonly Exchange[], mutated: readonly Exchange[], touched: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const before = groupByConnection(baseline);
  const after = groupByConnection(mutated);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (touched.has(key)) continue;
    const b = before.get(key) ?? [];
    const a = after.get(key) ?? [];
    if (b.length !== a.length) {
      problems.push(`untouched ${key}: ${b.length} exchange(s) in the baseline, ${a.length} now: ${a.map(describe).join(' | ')}`);
      continue;
    }
    for (let i = 0; i < a.length; i++) {
      if (!isDeepStrictEqual(exact(a[i]!), exact(b[i]!))) problems.push(`untouched ${key}: ${describe(a[i]!)} differs from ${describe(b[i]!)}`);
    }
  }
  return problems;
}

/** Problems with touched connections: an exchange neither found in the baseline nor flagged. */
export function compareTouched(baseline: readonly Exchange[], mutated: readonly Exchange[], touched: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const before = groupByConnection(baseline);
  for (const x of mutated) {
    const key = exchangeKey(x);
    if (!touched.has(key) && before.has(key)) continue;
    if (damageFlags(x).length > 0) continue;
    if ((before.get(key) ?? []).some((b) => sameContent(b, x))) continue;
    problems.push(`touched ${key}: ${describe(x)} is in no baseline exchange and carries no damage flag`);
  }
  return problems;
}

/** Problems with touched connections whose exchanges changed without any exchange of them saying so. */
export function compareTouchedConnections(baseline: readonly Exchange[], mutated: readonly Exchange[], touched: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const before = groupByConnection(baseline);
  const after = groupByConnection(mutated);
  for (const [key, xs] of after) {
    if (!touched.has(key) && before.has(key)) continue;
    const base = before.get(key) ?? [];
    const changed = xs.length !== base.length || xs.some((x) => !base.some((b) => sameContent(b, x)));
    if (changed && !xs.some((x) => damageFlags(x).length > 0)) {
      problems.push(`touched ${key}: its exchanges changed and none carries a damage flag: ${xs.map(describe).join(' | ')}`);
    }
  }
  return problems;
}
