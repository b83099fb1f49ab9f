// Renders side-resolved SSL calls as the exact LogEntry bytes eCapture-style producers send:
// `raw` (every Event field set, payload = the call's bytes; protocol reference §2.3) or
// `v2` (only length/payload, a text line + the call's bytes; §2.2).

import { create, toBinary } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { EventSchema, LogEntrySchema, LogType } from '../../../src/gen/ecaptureq_pb.js';
import type { CapturedCall, EventDialect, ProcessIdentity, TapProtocol, Tuple } from './types.js';

const encoder = new TextEncoder();
const NEWLINE = 0x0a;

/** The tuple a raw producer prints when it does not know the connection (uuid form (a) placeholder). */
const UNKNOWN_TUPLE: Tuple = { client: { ip: '0.0.0.0', port: 0 }, server: { ip: '0.0.0.0', port: 0 } };

/** Event.type of a raw producer: protocol of the connection + direction of the call. */
export function rawEventType(protocol: TapProtocol, direction: 'read' | 'write'): number {
  if (protocol === 'http2') return direction === 'write' ? 2 : 4;
  return direction === 'write' ? 1 : 3;
}

function formatEndpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** uuid tuple text: `ip:port-ip:port`, IPv6 addresses in brackets (protocol reference §3.4). */
export function formatUuidTuple(tuple: Tuple): string {
  return `${formatEndpoint(tuple.client.ip, tuple.client.port)}-${formatEndpoint(tuple.server.ip, tuple.server.port)}`;
}

/** uuid form (a): `<pid>_<tid>_<comm>_<fd>_<datatype>_<tuple>`, datatype 1 = write, 0 = read. */
export function rawUuid(who: ProcessIdentity, direction: 'read' | 'write', tuple: Tuple | undefined): string {
  const datatype = direction === 'write' ? 1 : 0;
  return `${who.pid}_${who.tid}_${who.comm}_${who.fd}_${datatype}_${formatUuidTuple(tuple ?? UNKNOWN_TUPLE)}`;
}

function eventEntry(fields: MessageInitShape<typeof EventSchema>): Uint8Array {
  const entry = create(LogEntrySchema, {
    logType: LogType.EVENT,
    payload: { case: 'eventPayload', value: create(EventSchema, fields) },
  });
  return toBinary(LogEntrySchema, entry);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Go `2006-01-02 15:04:05.000` of a local-as-UTC ms reading, milliseconds truncated. */
export function formatV2Time(localMs: number): string {
  const d = new Date(Math.floor(localMs));
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** v2 text of one call: `String()` plus one `\n` when it does not already end in one. */
export function v2Text(call: CapturedCall): Uint8Array {
  if (call.kind === 'destroy') return encoder.encode('PID:0, Comm:, TID:0, FD:0, Tuple: [::]:0->[::]:0\n');
  if (call.kind === 'connect') {
    const { who, tuple } = call;
    const line =
      `PID:${who.pid}, Comm:${who.comm}, TID:${who.tid}, FD:${who.fd}, ` +
      `Tuple: [${tuple.client.ip}]:${tuple.client.port}->[${tuple.server.ip}]:${tuple.server.port}\n`;
    return encoder.encode(line);
  }
  const { who, data } = call;
  const verb = call.direction === 'write' ? 'WRITE' : 'READ';
  const header = encoder.encode(
    `[${formatV2Time(call.localMs)}] PID:${who.pid} TID:${who.tid} Comm:${who.comm} FD:${who.fd} ${verb} (${data.length} bytes):\n`,
  );
  const newline = data.length > 0 && data[data.length - 1] === NEWLINE ? 0 : 1;
  const text = new Uint8Array(header.length + data.length + newline);
  text.set(header, 0);
  text.set(data, header.length);
  if (newline) text[text.length - 1] = NEWLINE;
  return text;
}

/** One call as a LogEntry in the given dialect; `undefined` for what the dialect does not send. */
export function renderCall(call: CapturedCall, dialect: EventDialect): Uint8Array | undefined {
  if (dialect === 'v2') {
    const payload = v2Text(call);
    return eventEntry({ length: payload.length, payload });
  }
  if (call.kind !== 'data') return undefined; // raw producers send neither connect nor destroy
  const tuple = call.tuple ?? UNKNOWN_TUPLE;
  return eventEntry({
    timestamp: call.tsNs,
    uuid: rawUuid(call.who, call.direction, call.tuple),
    srcIp: tuple.client.ip,
    srcPort: tuple.client.port,
    dstIp: tuple.server.ip,
    dstPort: tuple.server.port,
    pid: BigInt(call.who.pid),
    pname: call.who.comm,
    type: rawEventType(call.protocol, call.direction),
    length: call.data.length,
    payload: call.data,
  });
}

/** Every call rendered, in order: one LogEntry message per element. */
export function renderCalls(calls: Iterable<CapturedCall>, dialect: EventDialect): Uint8Array[] {
  return [...renderCallsLazily(calls, dialect)];
}

/** As renderCalls, one message at a time (for large generated workloads). */
export function* renderCallsLazily(calls: Iterable<CapturedCall>, dialect: EventDialect): Generator<Uint8Array> {
  for (const call of calls) {
    const message = renderCall(call, dialect);
    if (message) yield message;
  }
}
