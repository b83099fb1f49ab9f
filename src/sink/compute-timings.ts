// Start time and phase durations of an exchange from its event instants. Durations are only taken
// between instants on the same clock (both anchored or both not) and never negative, so a HAR
// reader's `time = send + wait + receive` always holds.

import type { Exchange, ExchangeIssue, Instant } from '../model/exchange.js';

export interface ExchangeTimings {
  /** ISO 8601 in UTC (`…Z`); a valid date even when the clock was not anchored. */
  startIso: string;
  endIso?: string;
  /** True when every instant used is wall-clock anchored. */
  anchored: boolean;
  /** True when any instant used is approximate (v1 flush windows, arrival-time fallbacks). */
  approximate: boolean;
  /** Why the start time is not a real wall-clock time, when it is not. */
  unanchoredDetail?: string;
  send: number;
  wait: number;
  receive: number;
  total: number;
}

// Years 0000–9999 only: ISO's 4-digit years, which every HAR reader's date pattern expects.
const MIN_DATE_MS = -62167219200000;
const MAX_DATE_MS = 253402300799999;

export function computeTimings(x: Exchange): ExchangeTimings {
  const reqStart = x.request?.start;
  const reqEnd = x.request?.end;
  const resStart = x.response?.start;
  const resEnd = x.response?.end;
  const all = [reqStart, reqEnd, resStart, resEnd].filter((i): i is Instant => i !== undefined);
  const first = all[0];
  const last = all.length > 0 ? all[all.length - 1] : undefined;

  const send = between(reqStart, reqEnd);
  // Without a request end the wait starts at the request start (a head-only request).
  const wait = between(reqEnd ?? reqStart, resStart);
  const receive = between(resStart, resEnd);
  const anchored = all.length > 0 && all.every((i) => i.anchored);
  let unanchoredDetail: string | undefined;
  if (all.length === 0) unanchoredDetail = 'no event time was captured; startedDateTime is the Unix epoch';
  else if (!anchored) unanchoredDetail = 'event times are not wall-clock anchored; only durations and order are meaningful';

  return {
    startIso: isoOf(first),
    endIso: last === undefined ? undefined : isoOf(last),
    anchored,
    approximate: all.some((i) => i.approximate),
    unanchoredDetail,
    send,
    wait,
    receive,
    total: roundMs(send + wait + receive),
  };
}

function between(from: Instant | undefined, to: Instant | undefined): number {
  if (from === undefined || to === undefined || from.anchored !== to.anchored) return 0;
  const d = to.ms - from.ms;
  return Number.isFinite(d) && d > 0 ? roundMs(d) : 0;
}

/** Microsecond precision: enough for eBPF times, and free of binary-fraction noise. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function isoOf(instant: Instant | undefined): string {
  const ms = instant?.ms;
  const valid = ms !== undefined && Number.isFinite(ms) && ms >= MIN_DATE_MS && ms <= MAX_DATE_MS;
  return new Date(valid ? ms : 0).toISOString();
}

/** The exchange's issues plus the time issues its instants imply, each code once. */
export function withTimeIssues(issues: ExchangeIssue[], timings: ExchangeTimings): ExchangeIssue[] {
  const out = issues.map((i) => ({ ...i }));
  if (timings.unanchoredDetail && !out.some((i) => i.code === 'time-unanchored')) {
    out.push({ code: 'time-unanchored', detail: timings.unanchoredDetail });
  }
  if (timings.approximate && !out.some((i) => i.code === 'time-approximate')) {
    out.push({ code: 'time-approximate', detail: 'some event times are approximate (flush windows or arrival times)' });
  }
  return out;
}
