// Test-only: hand renderings of eCapture v1 payloads following the protocol reference §7
// templates byte for byte, and DataEvent builders. Independent of the code under test.

import type { DataEvent, Direction } from '../../src/decode/records.js';
import type { ConnectionInfo, Exchange, Instant } from '../../src/model/exchange.js';

export type Part = string | Uint8Array;

/** Concatenate latin1 strings (one char = one byte) and raw byte arrays. */
export function bytes(...parts: Part[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(chunks));
}

export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Go strconv.Quote for byte strings, restricted to what Go prints for ASCII and invalid UTF-8. */
export function goQuote(value: Uint8Array | string): string {
  const b = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x22: '\\"', 0x5c: '\\\\' };
  let out = '"';
  for (const c of b) {
    if (named[c] !== undefined) out += named[c];
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

export interface Field {
  name: string;
  value: string;
  sensitive?: boolean;
}

function entryHead(type: string, streamId: number, length?: number): string {
  return `\nFrame Type\t=>\t${type}\nFrame StreamID\t=>\t${streamId}\n${length === undefined ? '' : `Frame Length\t=>\t${length}\n`}`;
}

/** HEADERS with a decoded block: `header field "<name>" = "<value>"[ (sensitive)]\n` per field. */
export function headersEntry(streamId: number, length: number, fields: Array<[string, string] | Field>): string {
  let out = entryHead('HEADERS', streamId, length);
  for (const f of fields) {
    const field: Field = Array.isArray(f) ? { name: f[0], value: f[1] } : f;
    out += `header field ${goQuote(field.name)} = ${goQuote(field.value)}${field.sensitive ? ' (sensitive)' : ''}\n`;
  }
  return out;
}

export function hpackLostEntry(streamId: number, length: number, label: 'request' | 'response' = 'response'): string {
  return `${entryHead('HEADERS', streamId, length)}[http2 ${label}] Incorrect HPACK context, Please use PCAP mode to get correct header fields ...\n`;
}

export function continuationNoticeEntry(streamId: number, length: number, label: 'request' | 'response' = 'request'): string {
  return `${entryHead('HEADERS', streamId, length)}[http2 ${label}] Not Supported HEADERS Frame with CONTINUATION frames\n`;
}

/** DATA: the bytes as printed (padding removed) + `\n`; `length` is the wire length. */
export function dataEntry(streamId: number, data: Part, length?: number): Uint8Array {
  const payload = bytes(data);
  return bytes(entryHead('DATA', streamId, length ?? payload.length), payload, '\n');
}

export function gzipNoticeEntry(streamId: number, length: number): string {
  return `${entryHead('DATA', streamId, length)}Partial entity body with gzip encoding ... \n`;
}

export function otherEntry(type: string, streamId: number): string {
  return entryHead(type, streamId);
}

export function mergedSection(streamId: number, body: Part): Uint8Array {
  const b = bytes(body);
  return bytes(`\nMerged Data Frame, StreamID\t=>\t${streamId}\nMerged Data Frame, Final Length\t=>\t${b.length}\n\n`, b, '\n');
}

// ---- events ----

export function at(ms: number): Instant {
  return { ms, anchored: true, approximate: true };
}

export function info(id = 'c'): ConnectionInfo {
  return { id, pid: 100, comm: 'curl', fd: 5, client: { ip: '10.0.0.1', port: 40000 }, server: { ip: '10.0.0.2', port: 443 }, hooked: 'unknown' };
}

export function event(type: number, direction: Direction, payload: Part, rawUuid?: string): DataEvent {
  const datatype = direction === 'write' ? 1 : 0;
  return {
    kind: 'event',
    sub: 'data',
    dialect: 'v1',
    type,
    pid: 100,
    tid: 100,
    comm: 'curl',
    fd: 5,
    direction,
    tracked: true,
    uuid: { form: 'tracked', pid: 100, tid: 100, comm: 'curl', fd: 5, direction },
    rawUuid: rawUuid ?? `100_100_curl_5_${datatype}_10.0.0.1:40000-10.0.0.2:443`,
    time: { clock: 'unix-ns', ns: 0n },
    payload: bytes(payload),
    flags: [],
  };
}

export function codes(x: Exchange): string[] {
  return x.issues.map((i) => i.code);
}

export function text(b: Uint8Array | undefined): string {
  return b === undefined ? '' : Buffer.from(b).toString('latin1');
}
