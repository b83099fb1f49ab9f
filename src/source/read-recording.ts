// Streams a size-delimited recording (.ldpb) as StreamRecords, in constant memory: the file is
// read with back-pressure, one chunk at a time. A cut tail, a bad varint or an oversized record
// yields one `undecodable` record (with its offset) and ends the stream; earlier records stand.
//
// Gaps: a `heartbeat` with count 0 after the recording's first heartbeat means the recorder
// reconnected (eCapture restarts the count per WebSocket connection), so a `gap`
// (`recording-reconnect`) precedes it. A run log carrying RECORDER_GAP_KEY was written by our
// recorder, not by eCapture: it is replaced by a `gap` (`recorder-gap`) and not yielded itself.

import { createReadStream } from 'node:fs';
import type { DecodeOptions } from '../decode/decode-options.js';
import type { DecodedRecord, GapRecord, SourceRecord, StreamRecord } from '../decode/records.js';
import { decodeLogEntry } from '../decode/decode-log-entry.js';
import { DelimitedReader } from './delimited.js';
import { readRecorderGap } from './recorder-gap.js';

export interface ReadRecordingOptions {
  /** Aborting ends the iteration quietly. */
  signal?: AbortSignal;
  decode?: DecodeOptions;
  /** Records declaring more bytes are `oversized-record` (default 64 MiB). */
  maxMessageBytes?: number;
  /** Read chunk size in bytes (default 1 MiB). */
  highWaterMark?: number;
}

/** Each read is a thread-pool round trip: 1 MiB reads cost about half the CPU of 64 KiB ones. */
const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** Turns decoded messages into the records to yield, tracking heartbeats across the recording. */
class RecordingInterpreter {
  #heartbeatSeen = false;

  interpret(record: DecodedRecord, offset: number): Array<DecodedRecord | SourceRecord> {
    if (record.kind === 'heartbeat') {
      const reconnected = this.#heartbeatSeen && record.count === 0;
      this.#heartbeatSeen = true;
      if (!reconnected) return [record];
      const gap: GapRecord = { kind: 'gap', reason: 'recording-reconnect' };
      if (record.timestamp > 0) gap.untilMs = record.timestamp * 1000;
      return [gap, record];
    }
    if (record.kind === 'runLog') {
      const recorderGap = readRecorderGap(record.fields);
      if (!recorderGap) return [record];
      const gap: GapRecord = { kind: 'gap', reason: 'recorder-gap', detail: recorderGap.reason };
      if (recorderGap.sinceMs !== undefined) gap.sinceMs = recorderGap.sinceMs;
      if (recorderGap.untilMs !== undefined) gap.untilMs = recorderGap.untilMs;
      if (recorderGap.dropped !== undefined) gap.dropped = recorderGap.dropped;
      return [gap];
    }
    if (record.kind === 'undecodable' && record.offset === undefined) record.offset = offset;
    return [record];
  }
}

async function* generateRecords(path: string, options: ReadRecordingOptions): AsyncGenerator<StreamRecord, void, undefined> {
  const { signal } = options;
  if (signal?.aborted) return;
  const reader = new DelimitedReader(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes });
  const interpreter = new RecordingInterpreter();
  let seq = 0;
  const stamp = (record: DecodedRecord | SourceRecord): StreamRecord => Object.assign(record, { seq: seq++, receivedAt: Date.now() });
  const stream = createReadStream(path, {
    highWaterMark: options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
    ...(signal === undefined ? {} : { signal }),
  });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      reader.push(chunk);
      for (let step = reader.next(); step !== undefined; step = reader.next()) {
        if (signal?.aborted) return;
        if ('error' in step) {
          yield stamp(step.error);
          return;
        }
        for (const record of interpreter.interpret(decodeLogEntry(step.message, options.decode), step.offset)) {
          yield stamp(record);
        }
      }
    }
    const tail = reader.end();
    if (tail) yield stamp(tail);
  } catch (error) {
    if (isAbort(error, signal)) return;
    throw error;
  } finally {
    stream.destroy();
  }
}

/**
 * Reads a recording. File-system errors (missing file, permissions) reject the iteration; bad
 * content never does.
 */
export function readRecording(path: string, options: ReadRecordingOptions = {}): AsyncIterable<StreamRecord> {
  return generateRecords(path, options);
}
