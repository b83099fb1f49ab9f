// LogEntry messages a server sends on its own (not read from a recording): heartbeats and run-log
// lines, encoded the way eCapture's Go server does (proto3: zero fields omitted, so a heartbeat has
// no log_type and heartbeat #0 no count).

import { create, toBinary } from '@bufbuild/protobuf';
import { HeartbeatSchema, LogEntrySchema, LogType } from '../gen/ecaptureq_pb.js';

/** `heartbeat:<count>`, timestamp in Unix seconds (protocol reference §1). */
export function encodeHeartbeatEntry(count: number, unixSeconds: number): Uint8Array {
  const heartbeat = create(HeartbeatSchema, {
    timestamp: BigInt(Math.trunc(unixSeconds)),
    count: BigInt(count),
    message: `heartbeat:${count}`,
  });
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.HEARTBEAT, payload: { case: 'heartbeatPayload', value: heartbeat } }));
}

export function encodeRunLogEntry(text: string): Uint8Array {
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.PROCESS_LOG, payload: { case: 'runLog', value: text } }));
}

/** zerolog's JSON line: fields, then `time` (RFC 3339, seconds), then `message`, then `\n` (§3.6). */
export function zerologLine(fields: Record<string, string>, time: Date, message?: string): string {
  const line: Record<string, string> = { level: 'info', ...fields, time: time.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  if (message !== undefined) line.message = message;
  return `${JSON.stringify(line)}\n`;
}

/**
 * The start-up lines an eCapture v1.5 server replays to every client, for serving a recording
 * that holds events alone. The last line says plainly that they were synthesised.
 */
export function synthesizedStartupRunLogs(time: Date, recordingName: string): string[] {
  return [
    zerologLine({ AppName: 'eCapture(旁观者)' }, time),
    zerologLine({ HomePage: 'https://ecapture.cc' }, time),
    zerologLine({ Repository: 'https://github.com/gojue/ecapture' }, time),
    zerologLine({ Version: 'ecapture-http replay server' }, time),
    zerologLine({ recording: recordingName }, time, 'replaying a recording of events only; these run logs and heartbeats are synthesised'),
  ];
}
