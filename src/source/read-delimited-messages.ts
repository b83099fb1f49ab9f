// Streams the raw messages of a size-delimited recording (.ldpb) without loading the file: the
// bytes of each entry exactly as stored. Stops quietly at the first framing error (a truncated last
// record, a bad varint): earlier entries stay valid (protocol reference §6).

import { createReadStream } from 'node:fs';
import { DelimitedReader } from './delimited.js';

export interface DelimitedMessage {
  message: Uint8Array;
  offset: number;
}

export async function* readDelimitedMessages(
  path: string,
  options: { signal?: AbortSignal; maxMessageBytes?: number } = {},
): AsyncGenerator<DelimitedMessage, void, undefined> {
  const reader = new DelimitedReader(options.maxMessageBytes === undefined ? undefined : { maxMessageBytes: options.maxMessageBytes });
  const stream = createReadStream(path, { highWaterMark: 64 * 1024, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      for (let step = reader.next(); step !== undefined; step = reader.next()) {
        if ('error' in step) return;
        yield step;
      }
    }
    reader.end(); // a cut last record is simply not served
  } finally {
    stream.destroy();
  }
}
