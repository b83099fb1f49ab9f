// LogEntry messages for the fault tests, built with the generated protobuf schema: run logs,
// heartbeats, and raw-dialect events carrying HTTP/1 bytes (one connection per pid), so a test
// can count the exchanges it sent and compare them with what came out.

import { create, toBinary } from '@bufbuild/protobuf';
import { EventSchema, HeartbeatSchema, LogEntrySchema, LogType } from '../../../src/gen/ecaptureq_pb.js';

const encoder = new TextEncoder();

export function runLog(text: string): Uint8Array {
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.PROCESS_LOG, payload: { case: 'runLog', value: text } }));
}

export function heartbeat(count: number): Uint8Array {
  const value = create(HeartbeatSchema, { timestamp: BigInt(Math.trunc(Date.now() / 1000)), count: BigInt(count), message: `heartbeat:${count}` });
  return toBinary(LogEntrySchema, create(LogEntrySchema, { payload: { case: 'heartbeatPayload', value } }));
}

/** One SSL call of connection `pid` (fd 5), raw dialect: every Event field set. */
export function rawHttpEvent(pid: number, direction: 'read' | 'write', payload: string | Uint8Array, tNs: bigint): Uint8Array {
  const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const port = 40_000 + (pid % 20_000);
  const event = create(EventSchema, {
    timestamp: tNs,
    uuid: `${pid}_${pid}_curl_5_${direction === 'write' ? 1 : 0}_10.0.0.1:${port}-10.0.0.2:443`,
    srcIp: '10.0.0.1',
    srcPort: port,
    dstIp: '10.0.0.2',
    dstPort: 443,
    pid: BigInt(pid),
    pname: 'curl',
    type: direction === 'write' ? 1 : 3,
    length: bytes.length,
    payload: bytes,
  });
  return toBinary(LogEntrySchema, create(LogEntrySchema, { logType: LogType.EVENT, payload: { case: 'eventPayload', value: event } }));
}

/** The request and the response of exchange `n` (its own connection, pid 50 000 + n). */
export function exchangeEntries(n: number, bodyBytes = 16): { request: Uint8Array; response: Uint8Array } {
  const pid = 50_000 + n;
  const t = 1_000_000_000_000n + BigInt(n) * 1_000_000n;
  const body = `${n}:`.padEnd(bodyBytes, 'x');
  return {
    request: rawHttpEvent(pid, 'write', `GET /x/${n} HTTP/1.1\r\nHost: fault\r\n\r\n`, t),
    response: rawHttpEvent(pid, 'read', `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`, t + 1000n),
  };
}

/** `GET /x/<n>` → n. */
export function exchangeNumber(target: string | undefined): number | undefined {
  const match = /^\/x\/(\d+)$/.exec(target ?? '');
  return match ? Number(match[1]) : undefined;
}
