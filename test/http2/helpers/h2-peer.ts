// Scripted HTTP/2 peers for assembler tests: each side has its own hpack.js encoder, so header
// blocks carry real dynamic-table state, and frames come from the test's own frame writer.

import { concat, dataFrame, headersFrames, PREFACE, settingsFrame } from './build-frames.js';
import { OracleEncoder, type Pairs } from './hpack-oracle.js';
import { Http2Connection } from '../../../src/http2/connection.js';
import type { Http2Options } from '../../../src/http2/options.js';
import type { ConnectionInfo, Exchange, Instant } from '../../../src/model/exchange.js';
import type { Direction } from '../../../src/decode/records.js';

export class ScriptedPeer {
  readonly encoder = new OracleEncoder(4096);
  headers(streamId: number, list: Pairs, opts: { endStream?: boolean; splitAt?: number[] } = {}): Uint8Array {
    return headersFrames(streamId, this.encoder.encode(list), opts);
  }
}

export const clientStart = (): Uint8Array => concat(PREFACE, settingsFrame([[4, 65535]]));
export const serverStart = (): Uint8Array => settingsFrame([[3, 100]]);

export function request(path: string, extra: Pairs = [], method = 'GET'): Pairs {
  return [[':method', method], [':scheme', 'https'], [':authority', 'example.test'], [':path', path], ...extra];
}

export function response(status: number, extra: Pairs = []): Pairs {
  return [[':status', String(status)], ...extra];
}

export { dataFrame };

/** An Http2Connection with its emitted exchanges; `at(ms)` makes instants. */
export function harness(options: Partial<Http2Options> = {}, dialect: 'raw' | 'v2' = 'raw') {
  const info: ConnectionInfo = { id: '42:7:0', pid: 42, comm: 'curl', fd: 7, hooked: 'unknown' };
  const exchanges: Exchange[] = [];
  const h2 = new Http2Connection(info, dialect, options, (x) => exchanges.push(x));
  const at = (ms: number): Instant => ({ ms, anchored: true, approximate: false });
  let clock = 0;
  const push = (direction: Direction, bytes: Uint8Array, opts?: { eventStart?: boolean; possiblyTruncated?: boolean }) =>
    h2.push(direction, bytes, at(++clock), opts);
  return { info, exchanges, h2, at, push, now: () => clock };
}
