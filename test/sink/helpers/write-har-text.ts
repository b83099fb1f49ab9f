// Runs exchanges through the real HarWriter and returns the document text and its parsed form.

import type { Exchange } from '../../../src/model/exchange.js';
import { HarWriter, type HarWriterOptions } from '../../../src/sink/har/index.js';
import type { Har } from '../../../src/sink/har/index.js';
import { TextSink } from './collect-output.js';

export async function writeHar(exchanges: Exchange[], options: HarWriterOptions = {}): Promise<{ text: string; har: Har; writer: HarWriter }> {
  const sink = new TextSink();
  const writer = new HarWriter(sink, options);
  for (const x of exchanges) await writer.write(x);
  await writer.close();
  return { text: sink.text, har: JSON.parse(sink.text) as Har, writer };
}
