// Turns one wire Event into a DataEvent / ConnectEvent / DiagnosticEvent, applying the per-message
// dialect rules of protocol reference §2.4 in order: (1) v2 shape, (2) NUL uuid forms,
// (3) Go hex.Dump, (4) type 2/4 frame dump, (5) type 1/3 signs, (6) type 0 first byte.
// Stateless: a message that cannot decide alone is `v1-or-raw`; the stream layer settles it.

import type { DecodeOptions } from './decode-options.js';
import type {
  DataEvent,
  DiagnosticEvent,
  Dialect,
  EventFlag,
  EventRecord,
  EventTime,
  ParsedUuid,
  Tuple,
  UndecodableRecord,
} from './records.js';
import type { WireEvent } from './read-log-entry.js';
import { classifyHttp1Rendering } from './classify-http1-rendering.js';
import { decodeUtf8Lenient } from './lenient-text.js';
import { isUnspecifiedIp } from './parse-tuple.js';
import { parseUuid } from './parse-uuid.js';
import { parseV2Text } from './parse-v2-text.js';
import { undecodableBytes } from './undecodable.js';
import { undoHexDumps } from './undo-hex-dump.js';

/** eCapture's largest SSL call capture: a payload of exactly this size may have been cut. */
export const MAX_CAPTURE_BYTES = 16384;
/** Event timestamps below this are boot-relative ns (bpf_ktime), above Unix ns (§3.3). */
const UNIX_NS_THRESHOLD = 100_000_000_000_000_000n;
/** `\nFrame Type\t=>\t`: how every v1 HTTP/2 frame dump starts (§7.5). */
const FRAME_DUMP_START = new Uint8Array([0x0a, ...new TextEncoder().encode('Frame Type\t=>\t')]);

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function eventTime(timestamp: bigint): EventTime {
  if (timestamp <= 0n) return { clock: 'none' };
  return timestamp < UNIX_NS_THRESHOLD ? { clock: 'boot-ns', ns: timestamp } : { clock: 'unix-ns', ns: timestamp };
}

function trimComm(text: string): string {
  return text.replace(/^[\0 ]+|[\0 ]+$/g, '');
}

/** src/dst as a tuple, when they name a real connection (not the 0.0.0.0 / 127.0.0.1:0 placeholders). */
function tupleFromAddresses(event: WireEvent): Tuple | undefined {
  if (isUnspecifiedIp(event.srcIp) || isUnspecifiedIp(event.dstIp) || event.srcPort === 0 || event.dstPort === 0) return undefined;
  return { client: { ip: event.srcIp, port: event.srcPort }, server: { ip: event.dstIp, port: event.dstPort } };
}

function diagnostic(dialect: Dialect, reason: DiagnosticEvent['reason'], payload: Uint8Array, pid: number | undefined): DiagnosticEvent {
  const record: DiagnosticEvent = { kind: 'event', sub: 'diagnostic', dialect, reason, text: decodeUtf8Lenient(payload) };
  if (pid !== undefined && pid !== 0) record.pid = pid;
  return record;
}

function decodeV2Event(event: WireEvent): EventRecord | UndecodableRecord {
  const parsed = parseV2Text(event.payload);
  switch (parsed.kind) {
    case 'data': {
      const flags: EventFlag[] = [...parsed.flags];
      if (event.length !== event.payload.length) flags.push('length-mismatch');
      if (parsed.declaredLength === MAX_CAPTURE_BYTES) flags.push('possibly-truncated');
      const time: EventTime = Number.isNaN(parsed.timeMs)
        ? { clock: 'none' }
        : { clock: 'local', ms: parsed.timeMs, text: parsed.timeText };
      return {
        kind: 'event',
        sub: 'data',
        dialect: 'v2',
        type: event.type,
        pid: parsed.pid,
        tid: parsed.tid,
        comm: parsed.comm,
        fd: parsed.fd,
        direction: parsed.direction,
        uuid: { form: 'none' },
        rawUuid: event.uuid,
        time,
        payload: parsed.data,
        flags,
      };
    }
    case 'connect':
      return {
        kind: 'event',
        sub: 'connect',
        dialect: 'v2',
        pid: parsed.pid,
        tid: parsed.tid,
        comm: parsed.comm,
        fd: parsed.fd,
        tuple: parsed.tuple,
        destroy: parsed.destroy,
      };
    case 'hex-data':
      return diagnostic('v2', 'v2-hex-unsupported', event.payload, parsed.pid);
    case 'malformed':
      return undecodableBytes('malformed-v2-line', event.payload, parsed.detail);
    case 'other':
      return diagnostic('v2', 'other-probe', event.payload, undefined);
  }
}

/** Steps 4–6 of §2.4 for an event whose dialect is still open. */
function dialectByContent(type: number, payload: Uint8Array): Dialect {
  if (type === 2 || type === 4) return startsWith(payload, FRAME_DUMP_START) ? 'v1' : 'raw';
  if (type === 1 || type === 3) return classifyHttp1Rendering(payload, type).dialect;
  if (type === 0) {
    const first = payload[0];
    return first !== undefined && (first < 0x20 || first > 0x7e) ? 'raw' : 'v1-or-raw';
  }
  return 'v1-or-raw';
}

function isV2Shape(event: WireEvent): boolean {
  return event.uuid === '' && event.pid === 0n && event.timestamp === 0n;
}

export function decodeEvent(event: WireEvent, options: DecodeOptions = {}): EventRecord | UndecodableRecord {
  const override = options.dialect;
  if (override === 'v2' || (override === undefined && isV2Shape(event))) return decodeV2Event(event);

  const uuid: ParsedUuid = parseUuid(event.uuid);
  const pid = event.pid !== 0n ? Number(event.pid) : (uuid.pid ?? 0);
  if (uuid.form === 'comm16') return diagnostic('v1', 'gotls', event.payload, pid);
  if (uuid.form === 'pid-comm16') return diagnostic('v1', 'database-query', event.payload, pid);

  const flags: EventFlag[] = [];
  if (event.uuid.includes('\0')) flags.push('nul-in-uuid');
  if (event.length !== event.payload.length) flags.push('length-mismatch');
  if (event.type > 4) flags.push('type-out-of-range');

  let payload = event.payload;
  let dialect: Dialect | undefined = override ?? (uuid.form === 'comm16-datatype' ? 'v1' : undefined);
  if (override !== 'raw') {
    const undone = undoHexDumps(payload);
    if (undone) {
      // Only eCapture v1 hex-dumps (§7.1), whatever the type says.
      payload = undone;
      flags.push('hex-dump-undone');
      dialect ??= 'v1';
    }
  }
  dialect ??= dialectByContent(event.type, payload);
  if ((dialect === 'raw' || dialect === 'v1-or-raw') && event.payload.length === MAX_CAPTURE_BYTES) flags.push('possibly-truncated');

  const record: DataEvent = {
    kind: 'event',
    sub: 'data',
    dialect,
    type: event.type,
    pid,
    comm: trimComm(event.pname) || (uuid.comm ?? ''),
    uuid,
    rawUuid: event.uuid,
    time: eventTime(event.timestamp),
    payload,
    flags,
  };
  if (uuid.tid !== undefined) record.tid = uuid.tid;
  if (uuid.fd !== undefined) record.fd = uuid.fd;
  if (uuid.direction !== undefined) record.direction = uuid.direction;
  const tuple = uuid.tuple ?? tupleFromAddresses(event);
  if (tuple) record.tuple = tuple;
  // gnutls/nspr uuids never carry a tuple: their workers live like untracked ones (§2.1).
  if (uuid.form === 'tracked' || uuid.form === 'untracked' || uuid.form === 'comm16-datatype') record.tracked = uuid.tuple !== undefined;
  return record;
}
