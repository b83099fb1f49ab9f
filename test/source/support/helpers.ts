// Small helpers shared by the source tests: bounded reading of a record stream, an independent
// splitter for size-delimited files (so expectations do not come from the code under test),
// polling, and a check that no socket or timer outlives a test.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { StreamRecord } from '../../../src/decode/records.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/ecapture/', import.meta.url));

export const SCENARIOS = [
  'h1-chunked',
  'h1-get-json',
  'h1-gzip-compressed',
  'h1-keepalive-timing',
  'h1-status-204-head-304',
  'h2-curl-prior-knowledge',
  'h2-post',
  'h2-spread-flush',
];

export function fixturePath(scenario: string, file: string): string {
  return `${FIXTURES}${scenario}/${file}`;
}

/** Splits `varint(len) || message` framing; written here, independently of src/source. */
export function splitDelimitedFile(path: string): Buffer[] {
  const bytes = readFileSync(path);
  const messages: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    let length = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      length += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    messages.push(bytes.subarray(at, at + length));
    at += length;
  }
  return messages;
}

/** Pulls records until `stop` says so (inclusive), at most `max`; fails if the source ends first. */
export async function readUntil(
  iterator: AsyncIterator<StreamRecord>,
  into: StreamRecord[],
  stop: (record: StreamRecord) => boolean,
  max = 10_000,
): Promise<StreamRecord> {
  for (let i = 0; i < max; i++) {
    const result = await iterator.next();
    if (result.done) throw new Error(`source ended before the awaited record (after ${into.length} records)`);
    into.push(result.value);
    if (stop(result.value)) return result.value;
  }
  throw new Error(`no awaited record within ${max} records`);
}

export async function readAll<T>(source: AsyncIterable<T>, max = 100_000): Promise<T[]> {
  const all: T[] = [];
  for await (const item of source) {
    all.push(item);
    if (all.length > max) throw new Error(`more than ${max} items`);
  }
  return all;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function isEventNumber(record: StreamRecord): number | undefined {
  if (record.kind !== 'event' || record.sub !== 'data') return undefined;
  const match = /^event-(\d+)$/.exec(Buffer.from(record.payload).toString('latin1'));
  return match === null ? undefined : Number(match[1]);
}

export function eventNumbers(records: StreamRecord[]): number[] {
  return records.map(isEventNumber).filter((n): n is number => n !== undefined);
}

/** A record without the fields that depend on where and when it was read. */
export function withoutPosition(record: StreamRecord): Record<string, unknown> {
  const { seq: _seq, receivedAt: _receivedAt, ...rest } = record as StreamRecord & { offset?: number };
  delete (rest as { offset?: number }).offset;
  return normalizeBytes(rest) as Record<string, unknown>;
}

/** Uint8Array subclasses (Buffer) and plain views compare equal by content. */
function normalizeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (Array.isArray(value)) return value.map(normalizeBytes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalizeBytes(inner)]));
  }
  return value;
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const TRACKED_RESOURCES = new Set(['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'FSReqCallback']);

export function trackedResources(): string[] {
  return process.getActiveResourcesInfo().filter((name) => TRACKED_RESOURCES.has(name)).sort();
}

/** Waits until sockets, servers and timers are back to `baseline` (closing is asynchronous). */
export async function assertNoLeftovers(baseline: string[]): Promise<void> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const now = trackedResources();
    if (now.length <= baseline.length) return;
    if (Date.now() > deadline) throw new Error(`handles left open: ${now.join(', ')} (baseline ${baseline.join(', ')})`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
