// The records that leave src/decode and src/source. Everything downstream
// (src/stream, the HTTP layers, the sinks) consumes these and never re-parses
// a LogEntry or a uuid.

/** Which producer's conventions an event follows (protocol reference §2). */
export type Dialect = 'v1' | 'v2' | 'raw' | 'v1-or-raw';

/** Relative to the hooked process: `read` = bytes it received, `write` = bytes it sent. */
export type Direction = 'read' | 'write';

export interface Endpoint {
  ip: string;
  port: number;
}

/** eCapture prints tuples TCP client first, server second (raw producers: unordered). */
export interface Tuple {
  client: Endpoint;
  server: Endpoint;
}

/**
 * When an event happened, with its clock made explicit.
 * - `unix-ns`: Unix epoch nanoseconds (v1 release binaries).
 * - `boot-ns`: boot-relative nanoseconds (bpf_ktime; replay harnesses, raw producers): ordering and
 *   durations only, wall-clock needs an anchor.
 * - `local`: v2's `[YYYY-MM-DD HH:MM:SS.mmm]`, eCapture's local time without a zone; `ms` reads the
 *   text as if it were UTC, so `ms - offset` is the real instant.
 * - `none`: the message carries no time.
 */
export type EventTime =
  | { clock: 'unix-ns'; ns: bigint }
  | { clock: 'boot-ns'; ns: bigint }
  | { clock: 'local'; ms: number; text: string }
  | { clock: 'none' };

/** Which uuid form (protocol reference §3.4) an event carried. */
export type UuidForm =
  | 'tracked' // (a) <pid>_<tid>_<comm>_<fd>_<datatype>_<tuple>
  | 'untracked' // (b) sock:<pid>_<tid>_<comm>_<fd>_<datatype>_0.0.0.0:0-0.0.0.0:0_0
  | 'comm16-datatype' // (c) gnutls / nspr
  | 'comm16' // (d) gotls
  | 'pid-comm16' // (e) mysqld / postgres
  | 'no-tuple' // (f) <pid>_<tid>_<comm>_<fd>_<datatype> (upstream testdata)
  | 'none' // v2: empty
  | 'unparsed';

export interface ParsedUuid {
  form: UuidForm;
  pid?: number;
  tid?: number;
  comm?: string;
  fd?: number;
  direction?: Direction;
  /** Absent when the uuid has none or it is the `0.0.0.0:0-0.0.0.0:0` placeholder. */
  tuple?: Tuple;
}

/** Flags a decoder attaches to one event; stable strings. */
export type EventFlag =
  | 'length-mismatch' // Event.length != len(payload)
  | 'possibly-truncated' // an SSL call of exactly 16384 bytes: eCapture may have cut it
  | 'nul-in-uuid'
  | 'hex-dump-undone' // v1 --hex: the payload was a Go hex.Dump and has been reversed
  | 'v2-trailing-bytes' // v2 data line with bytes after the declared n (+ optional \n)
  | 'v2-short-payload' // v2 data line with fewer than n bytes after the header
  | 'type-out-of-range';

/** One captured SSL read/write (v2, raw) or one eCapture rendering of a flush window (v1). */
export interface DataEvent {
  kind: 'event';
  sub: 'data';
  dialect: Dialect;
  /** Event.type as sent: v1 parser result 0–4, raw protocol+direction, v2 always 0. */
  type: number;
  pid: number;
  tid?: number;
  comm: string;
  fd?: number;
  direction?: Direction;
  tuple?: Tuple;
  /** v1: eCapture saw the connect (uuid carries the tuple); undefined when unknown. */
  tracked?: boolean;
  uuid: ParsedUuid;
  /** The uuid string as sent (v1 workers are keyed on it); '' for v2. */
  rawUuid: string;
  time: EventTime;
  /** v1: the rendering; v2: exactly the n bytes after the header; raw: the SSL call's bytes. */
  payload: Uint8Array;
  flags: EventFlag[];
}

/** v2 connect/accept line (`PID:…, Comm:…, TID:…, FD:…, Tuple: […]:p->[…]:p`) or socket destroy. */
export interface ConnectEvent {
  kind: 'event';
  sub: 'connect';
  dialect: 'v2';
  pid: number;
  tid: number;
  comm: string;
  fd: number;
  tuple: Tuple;
  /** The all-zero line eCapture renders for a socket destroy: names no connection. */
  destroy: boolean;
}

/** Text eCapture sent that carries no HTTP plaintext (other probes, `--hex` v2, nspr, bash …). */
export interface DiagnosticEvent {
  kind: 'event';
  sub: 'diagnostic';
  dialect: Dialect;
  reason: 'other-probe' | 'v2-hex-unsupported' | 'gotls' | 'database-query' | 'non-http';
  text: string;
  pid?: number;
}

export type EventRecord = DataEvent | ConnectEvent | DiagnosticEvent;

export interface HeartbeatRecord {
  kind: 'heartbeat';
  /** Unix seconds as eCapture sent them (0 when absent). */
  timestamp: number;
  count: number;
  message: string;
}

export interface RunLogRecord {
  kind: 'runLog';
  text: string;
  /** The parsed zerolog JSON object when the line is one. */
  fields?: Record<string, unknown>;
  /** The `time` key as Unix ms, when present and parseable. */
  timeMs?: number;
}

export type UndecodableCode =
  | 'malformed-protobuf'
  | 'text-frame'
  | 'empty-oneof'
  | 'json-v1.4'
  | 'truncated-record'
  | 'oversized-record'
  | 'bad-varint'
  | 'malformed-v2-line';

export interface UndecodableRecord {
  kind: 'undecodable';
  code: UndecodableCode;
  byteLength: number;
  detail: string;
  /** Byte offset in a recording file, when it came from one. */
  offset?: number;
  /** Printable text of the frame, kept as a diagnostic when it looks like text. */
  text?: string;
}

/** What one WebSocket message or recording entry decodes to. */
export type DecodedRecord = EventRecord | HeartbeatRecord | RunLogRecord | UndecodableRecord;

// ---- records added by sources (src/source), never by decode ----

export interface ConnectedRecord {
  kind: 'connected';
  url: string;
}
export interface DisconnectedRecord {
  kind: 'disconnected';
  url: string;
  code?: number;
  reason: string;
}
export interface ReconnectedRecord {
  kind: 'reconnected';
  url: string;
  attempt: number;
}
export type GapReason = 'reconnect' | 'closed' | 'queue-overflow' | 'recording-reconnect' | 'recorder-gap';
/** Data may be missing here: every open connection must treat its bytes as discontinuous. */
export interface GapRecord {
  kind: 'gap';
  reason: GapReason;
  /** Wall-clock ms when the loss began / ended, where known. */
  sinceMs?: number;
  untilMs?: number;
  /** Messages known to be lost (queue drops), when countable. */
  dropped?: number;
  /** Free text, e.g. the recorder's own reason for a `recorder-gap` (`reconnect`, `queue-overflow`). */
  detail?: string;
}

export type SourceRecord = ConnectedRecord | DisconnectedRecord | ReconnectedRecord | GapRecord;

/** A record as a source yields it: the decoded message plus where and when it arrived. */
export type StreamRecord = (DecodedRecord | SourceRecord) & {
  /** Position in the source, from 0, counting every yielded record. */
  seq: number;
  /** Wall-clock ms of arrival (live) or of reading (recordings). */
  receivedAt: number;
};
