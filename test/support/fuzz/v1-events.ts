// eCapture v1 events for the limit tests: HTTP/1 renderings (types 1/3) and HTTP/2 frame dumps
// (types 2/4, protocol reference §7.5) of one tracked connection, pid 300, fd 5.

import type { DataEvent, StreamRecord } from '../../../src/decode/records.js';
import { bytes } from './bomb-inputs.js';

const T0 = 1_790_000_000_000n * 1_000_000n;

/** One v1 event: a rendering (types 1/3) or a frame dump (types 2/4) as eCapture sends it. */
export function v1Event(type: number, direction: 'read' | 'write', text: string, ms: number): StreamRecord {
  const pid = 300;
  const tuple = { client: { ip: '10.0.0.1', port: 4000 }, server: { ip: '10.0.0.2', port: 443 } };
  const ev: DataEvent = {
    kind: 'event',
    sub: 'data',
    dialect: 'v1',
    type,
    pid,
    tid: pid,
    comm: 'curl',
    fd: 5,
    direction,
    tuple,
    tracked: true,
    uuid: { form: 'tracked', pid, tid: pid, comm: 'curl', fd: 5, direction, tuple },
    rawUuid: `${pid}_${pid}_curl_5_${direction === 'write' ? 1 : 0}_10.0.0.1:4000-10.0.0.2:443`,
    time: { clock: 'unix-ns', ns: T0 + BigInt(Math.round(ms * 1e6)) },
    payload: bytes(text),
    flags: [],
  };
  return { ...ev, seq: 0, receivedAt: 0 };
}

/** The dump of one HEADERS frame with its decoded fields, as eCapture prints it. */
export function v1Headers(streamId: number, fields: Array<[string, string]>): string {
  return `\nFrame Type\t=>\tHEADERS\nFrame StreamID\t=>\t${streamId}\nFrame Length\t=>\t9\n${fields.map(([n, v]) => `header field "${n}" = "${v}"\n`).join('')}`;
}

