// Child process: the floors the pipeline is compared with, over the same recording.
//   decode  — read the file + split records + read each LogEntry off the wire (BinaryReader, as
//             the pipeline does): nothing can be faster than this.
//   frombinary — the same with protobuf-es's reflection `fromBinary(LogEntrySchema)` instead of the
//             direct wire read (what the decode layer avoids).
//   records — the whole decode layer (readRecording: + v2 text parsing, uuid parsing, records).
//   llhttp  — Node's native llhttp alone over the recording's HTTP/1 bytes (per connection and
//             direction, collected before the clock starts), two pooled parsers re-initialised
//             per connection, responses to HEAD told to skip their body: the least any HTTP/1
//             dissector must do.
// Prints one JSON line. Bench code only: the product's one door to `_http_common` is
// src/http1/llhttp-adapter.ts.

import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { fromBinary } from '@bufbuild/protobuf';
import { LogEntrySchema } from '../src/gen/ecaptureq_pb.js';
import { readLogEntry } from '../src/decode/read-log-entry.js';
import { DelimitedReader } from '../src/source/delimited.js';
import { readRecording } from '../src/source/read-recording.js';
import { peakRssBytes } from './read-proc-status.js';

const [mode, path] = process.argv.slice(2);
const MODES = ['decode', 'frombinary', 'records', 'llhttp'];
if (!path || !mode || !MODES.includes(mode)) throw new Error(`usage: child-floors ${MODES.join('|')} <recording>`);

interface Result {
  mode: string;
  ms: number;
  cpuMs: number;
  messages: number;
  exchanges?: number;
  bytes?: number;
  peakRss: number;
}

function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return run().then((value) => {
    const used = process.cpuUsage(cpu);
    return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  });
}

async function decodeFloor(file: string, reflection: boolean): Promise<Result> {
  const { value, ms, cpuMs } = await timed(async () => {
    const reader = new DelimitedReader();
    let messages = 0;
    let payload = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      reader.push(chunk);
      for (let step = reader.next(); step !== undefined; step = reader.next()) {
        if (!('message' in step)) throw new Error('bad recording');
        if (reflection) {
          const entry = fromBinary(LogEntrySchema, step.message);
          if (entry.payload.case === 'eventPayload') payload += entry.payload.value.payload.length;
        } else {
          const entry = readLogEntry(step.message);
          if (entry.payload.case === 'event') payload += entry.payload.value.payload.length;
        }
        messages++;
      }
    }
    return { messages, payload };
  });
  return { mode: reflection ? 'frombinary' : 'decode', ms, cpuMs, messages: value.messages, bytes: value.payload, peakRss: peakRssBytes() };
}

async function recordsFloor(file: string): Promise<Result> {
  const { value, ms, cpuMs } = await timed(async () => {
    let messages = 0;
    for await (const _record of readRecording(file)) messages++;
    return messages;
  });
  return { mode: 'records', ms, cpuMs, messages: value, peakRss: peakRssBytes() };
}

// ---- llhttp alone ------------------------------------------------------------------------------

interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Uint8Array): number | Error;
  [callback: number]: ((...args: never[]) => unknown) | null;
}
interface NativeParserClass {
  new (): NativeParser;
  REQUEST: number;
  RESPONSE: number;
  kOnHeadersComplete: number;
  kOnMessageComplete: number;
  kOnBody: number;
  kOnHeaders: number;
  kOnMessageBegin: number;
  kOnExecute: number;
  kLenientKeepAlive?: number;
}
const common = createRequire(import.meta.url)('_http_common') as { HTTPParser: NativeParserClass; methods: string[] };
const { HTTPParser } = common;
const HEAD_METHOD = common.methods.indexOf('HEAD');

interface Http1Connection {
  requests: Uint8Array[];
  responses: Uint8Array[];
}

/** HTTP/1 connections of the recording: the client's writes and reads, in order. */
async function collectHttp1(file: string): Promise<{ connections: Http1Connection[]; bytes: number }> {
  const byKey = new Map<string, Http1Connection & { http2: boolean; decided: boolean }>();
  for await (const record of readRecording(file)) {
    if (record.kind !== 'event' || record.sub !== 'data' || !record.direction) continue;
    const key = `${record.pid}:${record.fd}`;
    let conn = byKey.get(key);
    if (!conn) byKey.set(key, (conn = { requests: [], responses: [], http2: false, decided: false }));
    if (!conn.decided) {
      conn.decided = true;
      const head = Buffer.from(record.payload.subarray(0, 3)).toString('latin1');
      conn.http2 = record.type === 2 || record.type === 4 || head === 'PRI' || (record.direction === 'read' && record.payload[3] === 4);
    }
    // The hooked process is the client: it writes requests and reads responses.
    (record.direction === 'write' ? conn.requests : conn.responses).push(record.payload);
  }
  const connections = [...byKey.values()].filter((c) => !c.http2);
  let bytes = 0;
  for (const c of connections) for (const part of [...c.requests, ...c.responses]) bytes += part.length;
  return { connections, bytes };
}

function llhttpOver(connections: Http1Connection[]): number {
  const resource = {};
  const lenient = HTTPParser.kLenientKeepAlive ?? 0;
  const requestParser = new HTTPParser();
  const responseParser = new HTTPParser();
  let methods: number[] = [];
  let responseIndex = 0;
  let completed = 0;
  const noop = (): void => undefined;
  for (const parser of [requestParser, responseParser]) {
    parser[HTTPParser.kOnMessageBegin] = noop;
    parser[HTTPParser.kOnHeaders] = noop;
    parser[HTTPParser.kOnBody] = noop;
    parser[HTTPParser.kOnExecute] = noop;
  }
  requestParser[HTTPParser.kOnHeadersComplete] = ((_maj: number, _min: number, _h: unknown, method: number) => {
    methods.push(method);
    return 0;
  }) as never;
  requestParser[HTTPParser.kOnMessageComplete] = noop;
  responseParser[HTTPParser.kOnHeadersComplete] = (() => (methods[responseIndex] === HEAD_METHOD ? 1 : 0)) as never;
  responseParser[HTTPParser.kOnMessageComplete] = () => {
    responseIndex++;
    completed++;
  };
  for (const conn of connections) {
    methods = [];
    responseIndex = 0;
    requestParser.initialize(HTTPParser.REQUEST, resource, 0, lenient);
    responseParser.initialize(HTTPParser.RESPONSE, resource, 0, lenient);
    for (const part of conn.requests) requestParser.execute(part);
    for (const part of conn.responses) responseParser.execute(part);
  }
  return completed;
}

async function llhttpFloor(file: string): Promise<Result> {
  const { connections, bytes } = await collectHttp1(file);
  const { value, ms, cpuMs } = await timed(async () => llhttpOver(connections));
  return { mode: 'llhttp', ms, cpuMs, messages: connections.length, exchanges: value, bytes, peakRss: peakRssBytes() };
}

const result =
  mode === 'decode' || mode === 'frombinary' ? await decodeFloor(path, mode === 'frombinary') : mode === 'records' ? await recordsFloor(path) : await llhttpFloor(path);
process.stdout.write(JSON.stringify(result) + '\n');
