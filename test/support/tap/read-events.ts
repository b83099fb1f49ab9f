// A small reader for tests: turns raw/v2 LogEntry messages back into calls so a test can compare
// captured bytes with what really crossed the socket. Strict on purpose (throws on anything the
// tap's writers would never produce); the product's lenient decoders live in src/decode.

import { fromBinary } from '@bufbuild/protobuf';
import { LogEntrySchema } from '../../../src/gen/ecaptureq_pb.js';
import { parseTupleText } from './read-fixture-chunks.js';
import type { Direction, EventDialect, Tuple } from './types.js';

export interface ReadData {
  kind: 'data';
  dialect: EventDialect;
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  direction: Direction;
  /** raw: from the uuid (absent for the 0.0.0.0:0 placeholder); v2: never (data lines carry none). */
  tuple?: Tuple;
  /** raw: Event.timestamp. */
  tsNs?: bigint;
  /** raw: Event.type. */
  type?: number;
  /** v2: the `[YYYY-MM-DD HH:MM:SS.mmm]` text. */
  timeText?: string;
  data: Uint8Array;
}

/** v2 connect line, or the all-zero destroy line (`destroy: true`). */
export interface ReadConnect {
  kind: 'connect';
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  tuple: Tuple;
  destroy: boolean;
}

export type ReadEvent = ReadData | ReadConnect;

const RAW_UUID = /^(\d+)_(\d+)_(.*)_(\d+)_([01])_([^_]+)$/s;
const V2_DATA = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\] PID:(\d+) TID:(\d+) Comm:(.*?) FD:(\d+) (READ|WRITE) \((\d+) bytes\):\n/s;
const V2_CONNECT = /^PID:(\d+), Comm:(.*), TID:(\d+), FD:(\d+), Tuple: \[(.*)\]:(\d+)->\[(.*)\]:(\d+)\n$/s;

function readRaw(event: { uuid: string; pid: bigint; pname: string; type: number; timestamp: bigint; payload: Uint8Array }): ReadData {
  const m = RAW_UUID.exec(event.uuid);
  if (!m) throw new Error(`raw uuid not in form (a): ${event.uuid}`);
  const tuple = parseTupleText(m[6]!);
  const placeholder = tuple.client.port === 0 && tuple.server.port === 0 && tuple.client.ip === '0.0.0.0';
  return {
    kind: 'data',
    dialect: 'raw',
    pid: Number(m[1]),
    tid: Number(m[2]),
    comm: m[3]!,
    fd: Number(m[4]),
    direction: m[5] === '1' ? 'write' : 'read',
    ...(placeholder ? {} : { tuple }),
    tsNs: event.timestamp,
    type: event.type,
    data: event.payload,
  };
}

function readV2(payload: Uint8Array): ReadEvent {
  const head = Buffer.from(payload.subarray(0, Math.min(payload.length, 512))).toString('latin1');
  const data = V2_DATA.exec(head);
  if (data) {
    const start = data[0].length;
    const n = Number(data[7]);
    const extra = payload.length - start - n;
    if (extra !== 0 && !(extra === 1 && payload[payload.length - 1] === 0x0a)) throw new Error(`v2 data line with ${extra} stray bytes`);
    if (extra === 0 && n > 0 && payload[payload.length - 1] !== 0x0a) throw new Error('v2 data line missing its trailing newline');
    return {
      kind: 'data',
      dialect: 'v2',
      timeText: data[1]!,
      pid: Number(data[2]),
      tid: Number(data[3]),
      comm: data[4]!,
      fd: Number(data[5]),
      direction: data[6] === 'WRITE' ? 'write' : 'read',
      data: payload.subarray(start, start + n),
    };
  }
  const line = Buffer.from(payload).toString('latin1');
  const connect = V2_CONNECT.exec(line);
  if (!connect) throw new Error(`not a v2 line: ${line.slice(0, 80)}`);
  const tuple: Tuple = {
    client: { ip: connect[5]!, port: Number(connect[6]) },
    server: { ip: connect[7]!, port: Number(connect[8]) },
  };
  return {
    kind: 'connect',
    pid: Number(connect[1]),
    comm: connect[2]!,
    tid: Number(connect[3]),
    fd: Number(connect[4]),
    tuple,
    destroy: connect[1] === '0' && tuple.client.port === 0 && tuple.server.port === 0,
  };
}

/** Reads each message as a raw or v2 event (decided per message: v2 has an empty uuid). */
export function readEvents(messages: Iterable<Uint8Array>): ReadEvent[] {
  const out: ReadEvent[] = [];
  for (const message of messages) {
    const entry = fromBinary(LogEntrySchema, message);
    if (entry.payload.case !== 'eventPayload') throw new Error(`not an event: ${entry.payload.case}`);
    const event = entry.payload.value;
    if (event.length !== event.payload.length) throw new Error('Event.length != len(payload)');
    out.push(event.uuid === '' ? readV2(event.payload) : readRaw(event));
  }
  return out;
}

/** Concatenated data of the events that match, in order. */
export function joinData(events: readonly ReadEvent[], keep: (event: ReadData) => boolean): Buffer {
  return Buffer.concat(events.flatMap((e) => (e.kind === 'data' && keep(e) ? [e.data] : [])));
}
