// Records an eCaptureQ WebSocket into a size-delimited file (.ldpb), byte-exact: every binary
// message is written exactly as received, in arrival order. The recorder's own losses
// (reconnects, queue overflow) are written as a run-log entry (recorderGapRunLog) at the place they
// happened, so a replay shows them. Run logs eCapture replays again after a reconnect are left out,
// as openWebSocket leaves them out. Text frames are not LogEntries and are not written (counted).

import type { StreamRecord } from '../decode/records.js';
import { recorderGapRunLog } from './recorder-gap.js';
import { RecordingWriter } from './write-recording.js';
import { openWebSocketMessages } from './websocket-messages.js';
import type { WebSocketSourceOptions } from './websocket-messages.js';
import { toStreamRecord } from './websocket.js';

export interface RecordOptions extends WebSocketSourceOptions {
  /** Sees every record (decoded messages, source records, gaps) as openWebSocket would yield it. */
  onRecord?: (record: StreamRecord) => void;
}

export interface RecordResult {
  /** Received messages written. */
  messages: number;
  /** Their total size in bytes (the messages themselves, without the length prefixes). */
  bytes: number;
  /** Gap entries written (reconnects, queue overflows). */
  gaps: number;
  /** Text frames received and not written (eCapture never sends any). */
  textFramesSkipped: number;
}

/**
 * Records until the signal aborts or, with reconnect off, the server closes. Throws what the
 * source throws (HandshakeRejectedError, WebSocketConnectError, write errors); the file is always
 * closed, and what was written before stays valid.
 */
export async function record(url: string, path: string, options: RecordOptions = {}): Promise<RecordResult> {
  const { onRecord, ...sourceOptions } = options;
  const result: RecordResult = { messages: 0, bytes: 0, gaps: 0, textFramesSkipped: 0 };
  const writer = new RecordingWriter(path);
  await writer.open(); // a path that cannot be written fails before anything is connected
  let seq = 0;
  try {
    for await (const item of openWebSocketMessages(url, sourceOptions)) {
      if (item.kind === 'message') {
        if (item.binary) {
          await writer.write(item.data);
          result.messages++;
          result.bytes += item.data.byteLength;
        } else {
          result.textFramesSkipped++;
        }
      } else if (item.record.kind === 'gap' && (item.record.reason === 'reconnect' || item.record.reason === 'queue-overflow')) {
        await writer.write(recorderGapRunLog(item.record));
        result.gaps++;
      }
      onRecord?.(toStreamRecord(item, seq++));
    }
  } finally {
    await writer.close();
  }
  return result;
}
