// run_log lines are zerolog JSON (`{"level":"info",…,"time":"2025-12-27T22:11:34+08:00"}\n`,
// protocol reference §3.6); older or other producers may send plain text.

import type { RunLogRecord } from './records.js';

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Unix ms of an RFC 3339 time, or undefined. */
export function parseRfc3339(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

export function decodeRunLog(text: string): RunLogRecord {
  const record: RunLogRecord = { kind: 'runLog', text };
  const fields = parseJsonObject(text);
  if (!fields) return record;
  record.fields = fields;
  const time = fields['time'];
  if (typeof time === 'string') {
    const ms = parseRfc3339(time);
    if (ms !== undefined) record.timeMs = ms;
  }
  return record;
}
