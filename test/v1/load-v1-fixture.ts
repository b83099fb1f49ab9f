// Test-only: a minimal reader of the v1 fixture recordings (size-delimited LogEntry) that turns
// each event into a DataEvent and groups them by pid + fd + tuple, as the lead's stream layer will.
// Deliberately small: tracked uuids `<pid>_<tid>_<comm>_<fd>_<datatype>_<tuple>` and untracked
// `sock:…_0.0.0.0:0-0.0.0.0:0_0` only.

import { readFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { LogEntrySchema } from '../../src/gen/ecaptureq_pb.js';
import type { DataEvent, Direction, Endpoint } from '../../src/decode/records.js';
import type { ConnectionInfo, Exchange, Instant } from '../../src/model/exchange.js';
import { V1Connection } from '../../src/stream/v1-connection.js';

export const FIXTURES = new URL('../../fixtures/ecapture/', import.meta.url);

export interface FixtureEvent {
  ev: DataEvent;
  at: Instant;
  key: string;
}

const UUID = /^(sock:)?(\d+)_(\d+)_(.+)_(\d+)_([01])(?:_(\d+\.\d+\.\d+\.\d+):(\d+)-(\d+\.\d+\.\d+\.\d+):(\d+))?(?:_(\d+))?$/;

function readVarint(buf: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let i = at;
  for (let n = 0; n < 10; n++) {
    const b = buf[i++]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value, next: i };
    shift += 7;
  }
  throw new Error(`bad varint at ${at}`);
}

export function loadEvents(scenario: string, file: string): FixtureEvent[] {
  const buf = readFileSync(new URL(`${scenario}/${file}`, FIXTURES));
  const out: FixtureEvent[] = [];
  let off = 0;
  for (let guard = 0; off < buf.length && guard < 100_000; guard++) {
    const { value: len, next } = readVarint(buf, off);
    const entry = fromBinary(LogEntrySchema, buf.subarray(next, next + len));
    off = next + len;
    if (entry.payload.case !== 'eventPayload') continue;
    const e = entry.payload.value;
    const m = UUID.exec(e.uuid);
    if (!m) throw new Error(`unexpected uuid ${e.uuid}`);
    const direction: Direction = m[6] === '1' ? 'write' : 'read';
    const tuple =
      m[7] !== undefined && m[7] !== '0.0.0.0'
        ? { client: { ip: m[7], port: Number(m[8]) } as Endpoint, server: { ip: m[9]!, port: Number(m[10]) } as Endpoint }
        : undefined;
    const ev: DataEvent = {
      kind: 'event',
      sub: 'data',
      dialect: 'v1',
      type: e.type,
      pid: Number(m[2]),
      tid: Number(m[3]),
      comm: m[4]!,
      fd: Number(m[5]),
      direction,
      tracked: m[1] === undefined,
      uuid: { form: m[1] ? 'untracked' : 'tracked', pid: Number(m[2]), tid: Number(m[3]), comm: m[4]!, fd: Number(m[5]), direction },
      rawUuid: e.uuid,
      time: { clock: 'boot-ns', ns: e.timestamp },
      payload: e.payload,
      flags: [],
    };
    if (tuple) ev.tuple = tuple;
    // Fixture times are boot-relative ns: fine for ordering and idle waits.
    const at: Instant = { ms: Number(e.timestamp / 1_000_000n), anchored: false, approximate: true };
    const tupleKey = tuple ? `${tuple.client.ip}:${tuple.client.port}-${tuple.server.ip}:${tuple.server.port}` : '?';
    out.push({ ev, at, key: `${ev.pid}:${ev.fd}:${tupleKey}` });
  }
  return out;
}

/** Feed every connection of a recording to its own V1Connection in arrival order; end them all. */
export function assemble(scenario: string, file: string): Exchange[] {
  const exchanges: Exchange[] = [];
  const connections = new Map<string, V1Connection>();
  for (const { ev, at, key } of loadEvents(scenario, file)) {
    let conn = connections.get(key);
    if (!conn) {
      const info: ConnectionInfo = { id: key, pid: ev.pid, comm: ev.comm, fd: ev.fd!, hooked: 'unknown' };
      if (ev.tuple) {
        info.client = ev.tuple.client;
        info.server = ev.tuple.server;
      }
      conn = new V1Connection(info, {}, (x) => exchanges.push(x));
      connections.set(key, conn);
    }
    conn.push(ev, at);
  }
  for (const conn of connections.values()) conn.end();
  return exchanges;
}
