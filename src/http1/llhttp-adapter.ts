// The one door to Node's bundled llhttp (`_http_common`'s HTTPParser): a typed, callback-to-outcome
// wrapper used by the HTTP/1 message reader. No other file in the project imports `_http_common`.
//
// How Node itself drives the native parser (lib/_http_common.js, _http_client.js, _http_server.js):
// `initialize(type, resource, maxHeaderSize, lenientFlags)`, then `execute(buffer)` returning the
// bytes parsed or an Error carrying `code` (`HPE_*`), `reason` and `bytesParsed`; `finish()` at end
// of input (read-until-close bodies complete there); callbacks are stored under the numeric keys
// `kOnMessageBegin`, `kOnHeaders` (header lines flushed before the head ends: long heads, and
// trailers), `kOnHeadersComplete(major, minor, headers?, method, url?, status, reason, upgrade,
// keepAlive)` whose return value is llhttp's: 0 go on, 1 no body, 2 no body + upgrade, and
// `HPE_PAUSED` (21) pause. Pausing right after each head tells us exactly where the head ends on the
// wire (the Error's `bytesParsed`), which llhttp offers no other way; `resume()` continues.

import { createRequire } from 'node:module';
import type { HeaderList } from '../model/exchange.js';

/** An Error as the native parser returns it from `execute`/`finish`. */
interface NativeParseError extends Error {
  code: string;
  reason?: string;
  bytesParsed: number;
}

type NativeCallback = ((...args: never[]) => unknown) | null;

/** The subset of Node's native HTTPParser this project uses. */
export interface NativeHttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenientFlags: number): void;
  execute(data: Uint8Array): number | NativeParseError;
  finish(): NativeParseError | undefined;
  resume(): void;
  close(): void;
  [callbackIndex: number]: NativeCallback;
}

interface NativeHttpParserClass {
  new (): NativeHttpParser;
  readonly REQUEST: number;
  readonly RESPONSE: number;
  readonly kOnMessageBegin: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
  readonly kOnExecute: number;
  readonly [constant: string]: unknown;
}

interface HttpCommonModule {
  HTTPParser: NativeHttpParserClass;
  methods: readonly string[];
}

const httpCommon = createRequire(import.meta.url)('_http_common') as HttpCommonModule;
const { HTTPParser } = httpCommon;

/** Method names by llhttp's method index (the `method` argument of headers-complete). */
export const LLHTTP_METHODS: readonly string[] = httpCommon.methods;

/** llhttp's HPE_PAUSED errno: returned from headers-complete, it pauses right after the head. */
const PAUSE_AFTER_HEAD = 21;
const NO_BODY = 1;
const NO_BODY_UPGRADE = 2;

function lenientFlag(name: string): number {
  const value = HTTPParser[name];
  return typeof value === 'number' ? value : 0;
}

/**
 * Leniencies real peers need, and only those. We observe traffic the real peer already accepted, so
 * refusing it loses an exchange for nothing; but we keep llhttp strict where strictness is what
 * finds the next message after capture loss (versions, bare CR, chunk framing).
 * - KeepAlive: messages after `Connection: close` or a non-keep-alive HTTP/1.0 message are parsed
 *   (an untracked fd reused by a new connection continues the same byte stream, §4.1).
 * - Headers: header values with control bytes llhttp's token check refuses (browsers and curl take them).
 * - ChunkedLength: `Content-Length` next to `Transfer-Encoding: chunked` (old servers send both;
 *   RFC 9112 §6.3: chunked wins, which is what clients do).
 * - OptionalCRBeforeLF: LF-only line ends (embedded and hand-written servers; curl/browsers accept).
 * - OptionalLFAfterCR: llhttp 9 checks the end of the request line's version under this flag, not
 *   the one above, so without it an LF-only request line (wget, hand-written clients: the upstream
 *   testdata) fails with HPE_STRICT. It also admits a bare CR, which no real peer sends.
 * - SpacesAfterChunkSize: `1a \r\n` chunk-size lines (some servers pad; curl accepts).
 * Not enabled: Version (garbage must fail fast for resync), OptionalCRLFAfterChunk (would hide a truncated chunked body), TransferEncoding
 * (smuggling shape, no real client), DataAfterClose (discards; KeepAlive parses instead).
 */
export const LENIENT_FLAGS: number =
  lenientFlag('kLenientKeepAlive') |
  lenientFlag('kLenientHeaders') |
  lenientFlag('kLenientChunkedLength') |
  lenientFlag('kLenientOptionalCRBeforeLF') |
  lenientFlag('kLenientOptionalLFAfterCR') |
  lenientFlag('kLenientSpacesAfterChunkSize');

export type ParserKind = 'request' | 'response';

/** What headers-complete reports, in wire order and case; values as llhttp's latin1 strings. */
export interface ParsedHead {
  kind: ParserKind;
  versionMajor: number;
  versionMinor: number;
  /** Requests only. */
  method?: string;
  target?: string;
  /** Responses only. */
  status?: number;
  reason?: string;
  headers: HeaderList;
  /** llhttp's upgrade flag: Upgrade + `Connection: upgrade`, CONNECT, or a 101 with Upgrade. */
  upgrade: boolean;
  keepAlive: boolean;
}

/** How the message after this head is framed, decided by the caller (the response needs the request). */
export type HeadVerdict = 'normal' | 'skip-body' | 'tunnel';

export interface ParserEvents {
  messageBegin(): void;
  headersComplete(head: ParsedHead): HeadVerdict;
  body(chunk: Uint8Array): void;
  trailers(fields: HeaderList): void;
  messageComplete(): void;
}

export type ExecuteOutcome =
  /** Every byte was parsed. */
  | { kind: 'consumed' }
  /** Paused right after a head: `offset` is the head's end in the input; `resume()` then execute the rest. */
  | { kind: 'head-end'; offset: number }
  /** llhttp stopped after an upgrade/CONNECT message: bytes from `offset` are another protocol. */
  | { kind: 'stopped'; offset: number }
  /** The HTTP/2 client preface ended at `offset` (it is the 24 bytes before it). */
  | { kind: 'h2-preface'; offset: number }
  /** The bytes are not HTTP/1 (or broke its framing) at `offset`: re-initialise before reuse. */
  | { kind: 'error'; code: string; reason: string; offset: number };

export type FinishOutcome = { kind: 'ok' } | { kind: 'error'; code: string; reason: string };

export interface ParserSettings {
  maxHeaderSize: number;
  lenientFlags: number;
}

/** The resource object Node's AsyncWrap wants at initialize; one shared instance is enough. */
class Http1ParserResource {}
const RESOURCE = new Http1ParserResource();

function isParseError(value: unknown): value is NativeParseError {
  return value instanceof Error && typeof (value as Partial<NativeParseError>).code === 'string';
}

function pairs(flat: readonly string[]): HeaderList {
  const out: HeaderList = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

type AdapterState = 'idle' | 'executing' | 'released';

/**
 * One native parser bound to one consumer. Construct through `parser-pool.ts` (`acquireParser`),
 * which re-initialises pooled natives instead of building new ones.
 */
export class LlhttpParser {
  #state: AdapterState = 'idle';
  readonly #native: NativeHttpParser;
  readonly #kind: ParserKind;
  #events: ParserEvents;
  readonly #canPause: boolean;
  // Header lines flushed early through kOnHeaders (heads with more than 32 fields, slow arrivals).
  #early: string[] = [];
  #earlyUrl = '';
  #inHead = false;
  #callbackError: unknown;

  constructor(native: NativeHttpParser, kind: ParserKind, settings: ParserSettings, events: ParserEvents, canPause: boolean) {
    this.#native = native;
    this.#kind = kind;
    this.#events = events;
    this.#canPause = canPause;
    this.#bind();
    native.initialize(kind === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE, RESOURCE, settings.maxHeaderSize, settings.lenientFlags);
  }

  get kind(): ParserKind {
    return this.#kind;
  }

  /** The native object, for the pool; unusable here afterwards. */
  detach(): NativeHttpParser {
    this.#state = 'released';
    this.#events = NOOP_EVENTS;
    return this.#native;
  }

  get released(): boolean {
    return this.#state === 'released';
  }

  execute(input: Uint8Array): ExecuteOutcome {
    if (this.#state !== 'idle') return { kind: 'error', code: 'ERR_PARSER_STATE', reason: `parser is ${this.#state}`, offset: 0 };
    // An empty input is meaningful right after `resume()`: llhttp then ends a bodiless message.
    this.#state = 'executing';
    this.#callbackError = undefined;
    let result: number | NativeParseError;
    // Every head pause comes back as an Error: without a stack trace it costs a fraction as much.
    const traceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      result = this.#native.execute(input);
    } catch (error) {
      result = Object.assign(new Error(String(error)), { code: 'ERR_PARSER_THROW', bytesParsed: 0 });
    } finally {
      Error.stackTraceLimit = traceLimit;
      this.#state = 'idle';
    }
    if (this.#callbackError !== undefined) {
      return { kind: 'error', code: 'ERR_PARSER_CALLBACK', reason: String(this.#callbackError), offset: 0 };
    }
    if (isParseError(result)) {
      const offset = Math.max(0, Math.min(input.length, result.bytesParsed | 0));
      if (result.code === 'HPE_PAUSED') return { kind: 'head-end', offset };
      if (result.code === 'HPE_PAUSED_H2_UPGRADE') return { kind: 'h2-preface', offset };
      return { kind: 'error', code: result.code, reason: result.reason ?? result.message, offset };
    }
    if (typeof result === 'number' && result < input.length) return { kind: 'stopped', offset: Math.max(0, result) };
    return { kind: 'consumed' };
  }

  /** After a `head-end` outcome. */
  resume(): void {
    if (this.#state === 'idle') this.#native.resume();
  }

  /** End of input: completes a read-until-close body; an error means the message was cut. */
  finish(): FinishOutcome {
    if (this.#state !== 'idle') return { kind: 'error', code: 'ERR_PARSER_STATE', reason: `parser is ${this.#state}` };
    this.#state = 'executing';
    let result: NativeParseError | undefined;
    try {
      result = this.#native.finish();
    } catch (error) {
      result = Object.assign(new Error(String(error)), { code: 'ERR_PARSER_THROW', bytesParsed: 0 });
    } finally {
      this.#state = 'idle';
    }
    if (isParseError(result)) return { kind: 'error', code: result.code, reason: result.reason ?? result.message };
    return { kind: 'ok' };
  }

  #guard(run: () => void): void {
    if (this.#callbackError !== undefined) return;
    try {
      run();
    } catch (error) {
      this.#callbackError = error ?? 'callback failed';
    }
  }

  #bind(): void {
    const native = this.#native;
    native[HTTPParser.kOnMessageBegin] = () => {
      this.#inHead = true;
      this.#early = [];
      this.#earlyUrl = '';
      this.#guard(() => this.#events.messageBegin());
    };
    native[HTTPParser.kOnHeaders] = ((headers: string[], url: string) => {
      if (this.#inHead) {
        for (const item of headers) this.#early.push(item);
        this.#earlyUrl += url ?? '';
        return;
      }
      this.#guard(() => this.#events.trailers(pairs(headers)));
    }) as NativeCallback;
    native[HTTPParser.kOnHeadersComplete] = ((
      versionMajor: number,
      versionMinor: number,
      headers: string[] | undefined,
      method: number | undefined,
      url: string | undefined,
      statusCode: number | undefined,
      statusMessage: string | undefined,
      upgrade: boolean,
      keepAlive: boolean,
    ): number => this.#headersComplete(versionMajor, versionMinor, headers, method, url, statusCode, statusMessage, upgrade, keepAlive)) as NativeCallback;
    native[HTTPParser.kOnBody] = ((chunk: Uint8Array, start?: number, length?: number) => {
      // Node 20+ passes a copied Buffer; older releases passed (buffer, start, length).
      const view = typeof start === 'number' && typeof length === 'number' ? chunk.subarray(start, start + length) : chunk;
      this.#guard(() => this.#events.body(view));
    }) as NativeCallback;
    native[HTTPParser.kOnMessageComplete] = () => {
      this.#inHead = false;
      this.#guard(() => this.#events.messageComplete());
    };
    native[HTTPParser.kOnExecute] = null;
  }

  #verdictFor(head: ParsedHead): HeadVerdict {
    if (this.#callbackError !== undefined) return 'normal';
    try {
      return this.#events.headersComplete(head);
    } catch (error) {
      this.#callbackError = error ?? 'callback failed';
      return 'normal';
    }
  }

  #headersComplete(
    versionMajor: number,
    versionMinor: number,
    headers: string[] | undefined,
    method: number | undefined,
    url: string | undefined,
    statusCode: number | undefined,
    statusMessage: string | undefined,
    upgrade: boolean,
    keepAlive: boolean,
  ): number {
    this.#inHead = false;
    const flat = headers ?? this.#early;
    const head: ParsedHead = {
      kind: this.#kind,
      versionMajor,
      versionMinor,
      headers: pairs(flat),
      upgrade: upgrade === true,
      keepAlive: keepAlive === true,
    };
    if (this.#kind === 'request') {
      head.method = typeof method === 'number' ? (LLHTTP_METHODS[method] ?? String(method)) : '';
      head.target = url ?? this.#earlyUrl;
    } else {
      head.status = statusCode ?? 0;
      head.reason = statusMessage ?? '';
    }
    this.#early = [];
    this.#earlyUrl = '';
    const verdict = this.#verdictFor(head);
    if (verdict === 'tunnel') return NO_BODY_UPGRADE;
    if (verdict === 'skip-body') return NO_BODY;
    // Upgrade messages are not paused: llhttp must read their body first, then it stops by itself.
    return this.#canPause && !head.upgrade ? PAUSE_AFTER_HEAD : 0;
  }
}

const NOOP_EVENTS: ParserEvents = {
  messageBegin: () => undefined,
  headersComplete: () => 'normal',
  body: () => undefined,
  trailers: () => undefined,
  messageComplete: () => undefined,
};

/** A native parser object, new; the pool prefers re-initialising released ones. */
export function createNativeParser(): NativeHttpParser {
  return new HTTPParser();
}

/** Deletes the native object (only outside its own execute). */
export function closeNativeParser(native: NativeHttpParser): void {
  for (const key of [HTTPParser.kOnMessageBegin, HTTPParser.kOnHeaders, HTTPParser.kOnHeadersComplete, HTTPParser.kOnBody, HTTPParser.kOnMessageComplete]) {
    native[key] = null;
  }
  native.close();
}

let pauseSupport: boolean | undefined;

/**
 * Whether this Node's binding honours HPE_PAUSED from headers-complete (checked once on a tiny
 * request). Without it heads are still parsed; only exact head sizes fall back to byte scans.
 */
export function headPauseSupported(): boolean {
  if (pauseSupport !== undefined) return pauseSupport;
  const native = createNativeParser();
  const probe = new LlhttpParser(native, 'request', { maxHeaderSize: 1024, lenientFlags: 0 }, NOOP_EVENTS, true);
  const outcome = probe.execute(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
  pauseSupport = outcome.kind === 'head-end' && outcome.offset === 18;
  probe.detach();
  closeNativeParser(native);
  return pauseSupport;
}
