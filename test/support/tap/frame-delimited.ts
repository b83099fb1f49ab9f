// Size-delimited framing of `.ldpb` recordings: `varint(len) || message`, no header, no trailer
// (protocol reference §6, fixtures README "Size-delimited format").

import { open } from 'node:fs/promises';

/** Protobuf base-128 varint of a non-negative length. */
export function encodeVarint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

/** The messages framed one after another, as one buffer. */
export function frameDelimited(messages: Iterable<Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const message of messages) {
    const prefix = encodeVarint(message.length);
    parts.push(prefix, message);
    total += prefix.length + message.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Splits a well-formed `.ldpb` buffer back into its messages (throws on a malformed one: test data only). */
export function splitDelimited(bytes: Uint8Array): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let length = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i >= 10 || at >= bytes.length) throw new Error(`bad varint at ${at}`);
      const byte = bytes[at++]!;
      length += (byte & 0x7f) * scale;
      scale *= 0x80;
      if (byte < 0x80) break;
    }
    if (at + length > bytes.length) throw new Error(`record past the end at ${at}`);
    messages.push(bytes.subarray(at, at + length));
    at += length;
  }
  return messages;
}

/** Writes messages as a size-delimited file, in ~1 MiB batches (fine for large generated workloads). */
export async function writeDelimitedFile(path: string, messages: Iterable<Uint8Array>): Promise<number> {
  const file = await open(path, 'w');
  let count = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  try {
    for (const message of messages) {
      batch.push(message);
      batchBytes += message.length;
      count++;
      if (batchBytes >= 1 << 20) {
        await file.write(frameDelimited(batch));
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length > 0) await file.write(frameDelimited(batch));
  } finally {
    await file.close();
  }
  return count;
}
