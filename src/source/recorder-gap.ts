// Our recorder's own losses (reconnects, queue overflow) are written into a recording as a run-log
// LogEntry whose zerolog-like JSON carries the reserved key RECORDER_GAP_KEY. eCapture never logs
// that key, so readRecording can turn exactly these entries back into `gap` records.

import { create, toBinary } from '@bufbuild/protobuf';
import { LogEntrySchema, LogType } from '../gen/ecaptureq_pb.js';

/** Reserved run-log JSON key: `{"ecapture_http_gap":{"reason":…,"sinceMs":…,"untilMs":…,"dropped":…},…}`. */
export const RECORDER_GAP_KEY = 'ecapture_http_gap';

export interface RecorderGap {
  /** Why the recorder lost data, e.g. `reconnect`, `queue-overflow`. */
  reason: string;
  sinceMs?: number;
  untilMs?: number;
  dropped?: number;
}

function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The encoded LogEntry (no length prefix) announcing a recorder gap. Extra properties of `gap` are ignored. */
export function recorderGapRunLog(gap: RecorderGap): Uint8Array {
  const inner: RecorderGap = { reason: String(gap.reason) };
  const sinceMs = finite(gap.sinceMs);
  const untilMs = finite(gap.untilMs);
  const dropped = finite(gap.dropped);
  if (sinceMs !== undefined) inner.sinceMs = sinceMs;
  if (untilMs !== undefined) inner.untilMs = untilMs;
  if (dropped !== undefined) inner.dropped = dropped;
  const line: Record<string, unknown> = { level: 'warn', [RECORDER_GAP_KEY]: inner };
  const when = untilMs ?? sinceMs;
  if (when !== undefined) line['time'] = rfc3339Seconds(when);
  line['message'] = `ecapture-http recorder gap: ${inner.reason}`;
  const entry = create(LogEntrySchema, {
    logType: LogType.PROCESS_LOG,
    payload: { case: 'runLog', value: `${JSON.stringify(line)}\n` },
  });
  return toBinary(LogEntrySchema, entry);
}

/** The gap a run log's JSON announces, or undefined when it has no (well-formed) RECORDER_GAP_KEY. */
export function readRecorderGap(fields: Record<string, unknown> | undefined): RecorderGap | undefined {
  const value = fields?.[RECORDER_GAP_KEY];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const gap: RecorderGap = { reason: typeof record['reason'] === 'string' ? record['reason'] : 'unknown' };
  const sinceMs = finite(record['sinceMs']);
  const untilMs = finite(record['untilMs']);
  const dropped = finite(record['dropped']);
  if (sinceMs !== undefined) gap.sinceMs = sinceMs;
  if (untilMs !== undefined) gap.untilMs = untilMs;
  if (dropped !== undefined) gap.dropped = dropped;
  return gap;
}
