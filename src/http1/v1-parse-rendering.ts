// Parse eCapture v1's HTTP/1 renderings (types 1 and 3): Go's fixed DumpRequest/DumpResponse
// template (§7.2, §7.3) followed by the body as eCapture already decoded it (§7.4). This is not
// a general HTTP/1 parser: the head is always CRLF, canonical and complete, and the body is
// simply every byte after the first blank line (never de-chunked or gunzipped again here).

import type { HeaderList } from '../model/exchange.js';
import { looksLikeH2Frames } from './v1-detect-h2-frames.js';
import type { V1BodyFraming, V1Fragment, V1Http1Message } from './v1-rendering-types.js';

export type * from './v1-rendering-types.js';

const HEAD_END = '\r\n\r\n';
const PREFACE_LINE = 'PRI * HTTP/2.0';
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^ ]+) (HTTP\/\d\.\d)$/;
const STATUS_LINE = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;
const HEADER_LINE = /^([^:\s]+):[ \t]*(.*)$/;

type State = 'start-line' | 'headers' | 'body' | 'done';

class V1RenderingParser {
  #state: State = 'start-line';
  readonly #payload: Uint8Array;
  readonly #type: number;
  readonly #text: string;
  #headEnd = -1;
  #lines: string[] = [];
  #result: V1Http1Message | V1Fragment | undefined;
  readonly #problems: string[] = [];
  readonly #headers: HeaderList = [];

  constructor(payload: Uint8Array, type: number) {
    this.#payload = payload;
    this.#type = type;
    this.#text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1');
  }

  run(): V1Http1Message | V1Fragment {
    // Three states, each entered once: bounded.
    while (this.#state !== 'done') {
      if (this.#state === 'start-line') this.#readStartLine();
      else if (this.#state === 'headers') this.#readHeaders();
      else this.#readBody();
    }
    return this.#result!;
  }

  #fragment(reason: V1Fragment['reason'], detail: string): void {
    this.#result = { kind: 'fragment', reason, bytes: this.#payload, detail };
    this.#state = 'done';
  }

  #readStartLine(): void {
    const lineEnd = this.#text.indexOf('\r\n');
    const line = lineEnd < 0 ? this.#text : this.#text.slice(0, lineEnd);
    if (line === PREFACE_LINE) {
      // `PRI * HTTP/2.0` fits the request-line grammar but is the HTTP/2 client preface.
      return this.#fragment('h2-request-side-lost', 'the HTTP/2 client preface rendered as HTTP/1');
    }
    if (!REQUEST_LINE.test(line) && !STATUS_LINE.test(line)) {
      // v1's HTTPRequest parser renders an HTTP/2 preface as the raw tail of the window (§2.1).
      if (this.#type === 1 && looksLikeH2Frames(this.#payload)) {
        return this.#fragment('h2-request-side-lost', 'type-1 payload holds HTTP/2 frames: the client preface was taken for HTTP/1');
      }
      return this.#fragment('no-start-line', `no request or status line (${this.#payload.length} bytes)`);
    }
    this.#headEnd = this.#text.indexOf(HEAD_END);
    if (this.#headEnd < 0) return this.#fragment('no-head-end', 'no blank line after the head');
    this.#lines = this.#text.slice(0, this.#headEnd).split('\r\n');
    this.#state = 'headers';
  }

  #readHeaders(): void {
    for (const line of this.#lines.slice(1)) {
      const m = HEADER_LINE.exec(line);
      if (m) this.#headers.push([m[1]!, m[2]!]);
      else this.#problems.push(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    }
    this.#state = 'body';
  }

  #readBody(): void {
    const bodyStart = this.#headEnd + HEAD_END.length;
    const head = this.#payload.slice(0, bodyStart);
    const body = this.#payload.slice(bodyStart);
    const startLine = this.#lines[0]!;
    const req = REQUEST_LINE.exec(startLine);
    const common = { kind: 'message' as const, headers: this.#headers, head, body, problems: this.#problems };
    if (req) {
      if (this.#type === 3) this.#problems.push('type 3 carries a request line');
      const framing = deriveFraming(this.#headers, body, undefined);
      this.#result = { ...common, side: 'request', method: req[1]!, target: req[2]!, version: req[3]!, framing };
    } else {
      const res = STATUS_LINE.exec(startLine)!;
      if (this.#type === 1) this.#problems.push('type 1 carries a status line');
      const status = Number(res[2]);
      const framing = deriveFraming(this.#headers, body, status);
      this.#result = { ...common, side: 'response', status, reason: res[3] ?? '', version: res[1]!, framing };
    }
    this.#state = 'done';
  }
}

function valuesOf(headers: HeaderList, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

function startsWithGzipMagic(body: Uint8Array): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/** §7.4: what eCapture did to the body, judged from the headers it printed and the bytes. */
function deriveFraming(headers: HeaderList, body: Uint8Array, status: number | undefined): V1BodyFraming {
  const lengthText = valuesOf(headers, 'content-length')[0]?.trim();
  const contentLength = lengthText !== undefined && /^\d{1,15}$/.test(lengthText) ? Number(lengthText) : undefined;
  const chunked = valuesOf(headers, 'transfer-encoding').some((v) =>
    v.split(',').some((t) => t.trim().toLowerCase() === 'chunked'),
  );
  const encodingLines = valuesOf(headers, 'content-encoding');
  const codings = encodingLines
    .flatMap((v) => v.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'identity');
  // Go tests Header.Get("Content-Encoding") == "gzip": the first line, exact and case-sensitive.
  // With a second coding listed, Go gunzipped the wrong layer (it failed or undid only a part):
  // leave every coding to the decode stage then.
  const gzipTried = encodingLines[0] === 'gzip' && codings.length === 1;
  const gunzippedByEcapture = gzipTried && body.length > 0 && !startsWithGzipMagic(body);
  const remainingCodings = gunzippedByEcapture ? [] : codings;
  const bodyAllowed = status === undefined || !(status < 200 || status === 204 || status === 304);
  return {
    ...(contentLength !== undefined ? { contentLength } : {}),
    chunked,
    codings,
    gunzippedByEcapture,
    remainingCodings,
    decodedByEcapture: gunzippedByEcapture || (chunked && body.length > 0),
    truncated: !gunzippedByEcapture && !chunked && contentLength !== undefined && body.length < contentLength,
    mayIncludeNext: status !== undefined && bodyAllowed && !chunked && contentLength === undefined && body.length > 0,
    announcesBody: chunked || (contentLength ?? 0) > 0,
  };
}

/**
 * Parse one v1 type-1/3 payload into a message, or say why it is none. Never throws.
 * `type` is the Event's parser type; the start line decides request vs response.
 */
export function parseV1Http1(payload: Uint8Array, type: 1 | 3): V1Http1Message | V1Fragment {
  try {
    return new V1RenderingParser(payload, type).run();
  } catch (err) {
    return { kind: 'fragment', reason: 'no-start-line', bytes: payload, detail: `parser failure: ${String(err)}` };
  }
}
