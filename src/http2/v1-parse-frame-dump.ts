// Parse eCapture v1's HTTP/2 frame dump (types 2 and 4) exactly per §7.5 "Parsing the dump".
// DATA bytes may contain newlines, NULs or the marker text itself, so the parser never splits on
// markers: it walks entry by entry and takes DATA by its printed length.

import { unquoteGo } from './v1-go-unquote.js';
import type {
  V1DataFrame,
  V1DumpFrame,
  V1DumpProblem,
  V1FrameDump,
  V1HeaderField,
  V1HeadersFrame,
  V1HeadersNotice,
  V1MergedBody,
} from './v1-frame-dump-types.js';

export type * from './v1-frame-dump-types.js';

const ENTRY = '\nFrame Type\t=>\t';
const STREAM_LINE = 'Frame StreamID\t=>\t';
const LENGTH_LINE = 'Frame Length\t=>\t';
const MERGED = '\nMerged Data Frame, StreamID\t=>\t';
const MERGED_LENGTH_LINE = 'Merged Data Frame, Final Length\t=>\t';
const GZIP_NOTICE = 'Partial entity body with gzip encoding ... \n';
const FIELD_PREFIX = 'header field ';
const SENSITIVE_SUFFIX = ' (sensitive)';
const NOTICES: Record<string, V1HeadersNotice> = {
  'Incorrect HPACK context, Please use PCAP mode to get correct header fields ...': 'hpack-context-lost',
  'Not Supported HEADERS Frame with CONTINUATION frames': 'continuation-unsupported',
};
/** v1.5.2 labels notices by parser; other builds print them bare. */
const NOTICE_LABELS = ['[http2 request] ', '[http2 response] '];
/** A DATA frame's pad is one length byte plus at most 255 bytes of padding. */
const MAX_PAD = 256;

type State = 'between' | 'entry' | 'headers' | 'data' | 'other' | 'merged' | 'done';

interface EntryHead {
  type: string;
  streamId: number;
  length: number;
  offset: number;
}

class V1FrameDumpParser {
  #state: State = 'between';
  readonly #bytes: Uint8Array;
  /** latin1 view: one char per byte, so string offsets are byte offsets. */
  readonly #text: string;
  #pos = 0;
  #entry: EntryHead | undefined;
  /** Streams whose HEADERS in this dump carried `content-encoding: gzip` (eCapture's own test). */
  readonly #gzipStreams = new Set<number>();
  readonly #frames: V1DumpFrame[] = [];
  readonly #merged: V1MergedBody[] = [];
  readonly #problems: V1DumpProblem[] = [];

  constructor(payload: Uint8Array) {
    this.#bytes = payload;
    this.#text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1');
  }

  run(): V1FrameDump {
    try {
      // Every step consumes at least one byte or ends the run, so this loop is bounded.
      while (this.#state !== 'done') this.#step();
    } catch (err) {
      this.#problem('parser-failure', this.#pos, String(err));
    }
    return { frames: this.#frames, merged: this.#merged, problems: this.#problems };
  }

  #step(): void {
    switch (this.#state) {
      case 'between':
        return this.#between();
      case 'entry':
        return this.#readEntryHead();
      case 'headers':
        return this.#readHeaders();
      case 'data':
        return this.#readData();
      case 'other':
        return this.#afterOther();
      case 'merged':
        return this.#readMerged();
      case 'done':
        return;
    }
  }

  #between(): void {
    if (this.#pos >= this.#text.length) this.#state = 'done';
    else if (this.#text.startsWith(ENTRY, this.#pos)) this.#state = 'entry';
    else if (this.#text.startsWith(MERGED, this.#pos)) this.#state = 'merged';
    else this.#resync('unexpected-bytes', 'bytes outside any entry');
  }

  #readEntryHead(): void {
    const offset = this.#pos;
    let p = offset + ENTRY.length;
    const typeEnd = this.#text.indexOf('\n', p);
    const type = typeEnd < 0 ? '' : this.#text.slice(p, typeEnd);
    if (!/^[A-Z0-9_]+$/.test(type)) return this.#resync('bad-entry', 'unreadable frame type');
    p = typeEnd + 1;
    const stream = this.#readNumberLine(STREAM_LINE, p);
    if (!stream) return this.#resync('bad-entry', `no StreamID line after ${type}`);
    p = stream.end;
    let length = -1;
    if (type === 'HEADERS' || type === 'DATA') {
      const len = this.#readNumberLine(LENGTH_LINE, p);
      if (!len) return this.#resync('bad-entry', `no Length line after ${type}`);
      length = len.value;
      p = len.end;
    }
    this.#entry = { type, streamId: stream.value, length, offset };
    this.#pos = p;
    this.#state = type === 'HEADERS' ? 'headers' : type === 'DATA' ? 'data' : 'other';
  }

  #readHeaders(): void {
    const entry = this.#entry!;
    const frame: V1HeadersFrame = { kind: 'headers', streamId: entry.streamId, length: entry.length, fields: [], offset: entry.offset };
    this.#frames.push(frame);
    while (!this.#atBoundary(this.#pos)) {
      const lineStart = this.#pos;
      let lineEnd = this.#text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        // eCapture ends every line with a newline: the payload was cut, later fields are missing.
        lineEnd = this.#text.length;
        this.#problem('entry-cut', lineStart, 'the payload ends inside this HEADERS entry', entry.streamId);
      }
      if (lineEnd === lineStart) {
        // A blank line that starts no entry: the template never prints one.
        this.#resync('unexpected-bytes', 'blank line inside a HEADERS entry', entry.streamId);
        return;
      }
      const field = this.#parseFieldLine(lineStart, lineEnd);
      if (field) {
        frame.fields.push(field);
        if (field.name === 'content-encoding' && field.value === 'gzip') this.#gzipStreams.add(entry.streamId);
      } else {
        const notice = this.#parseNotice(this.#text.slice(lineStart, lineEnd));
        if (notice) frame.notice ??= notice;
        else this.#problem('bad-header-line', lineStart, JSON.stringify(this.#text.slice(lineStart, Math.min(lineEnd, lineStart + 80))), entry.streamId);
      }
      // A malformed last line may end at the newline that opens the next entry: leave it there.
      this.#pos = this.#atBoundary(lineEnd) ? lineEnd : Math.min(lineEnd + 1, this.#text.length);
    }
    this.#state = 'between';
  }

  #parseFieldLine(start: number, end: number): V1HeaderField | undefined {
    if (!this.#text.startsWith(FIELD_PREFIX, start)) return undefined;
    const name = unquoteGo(this.#text, start + FIELD_PREFIX.length);
    if (!name.ok || name.end > end || !this.#text.startsWith(' = ', name.end)) return undefined;
    const value = unquoteGo(this.#text, name.end + 3);
    if (!value.ok || value.end > end) return undefined;
    const rest = this.#text.slice(value.end, end);
    if (rest !== '' && rest !== SENSITIVE_SUFFIX) return undefined;
    return { name: name.value, value: value.value, sensitive: rest === SENSITIVE_SUFFIX };
  }

  #parseNotice(line: string): V1HeadersNotice | undefined {
    let text = line;
    for (const label of NOTICE_LABELS) if (text.startsWith(label)) text = text.slice(label.length);
    return NOTICES[text];
  }

  #readData(): void {
    const entry = this.#entry!;
    const p = this.#pos;
    const frame: V1DataFrame = {
      kind: 'data',
      streamId: entry.streamId,
      length: entry.length,
      gzipNotice: false,
      padded: false,
      paddingAmbiguous: false,
      offset: entry.offset,
    };
    this.#frames.push(frame);
    const noticeFits = this.#text.startsWith(GZIP_NOTICE, p) && this.#atBoundary(p + GZIP_NOTICE.length);
    const exactFits = this.#dataFits(p, entry.length);
    // Both can fit only for contrived bytes; the stream's own content-encoding decides then.
    if (noticeFits && (!exactFits || this.#gzipStreams.has(entry.streamId))) {
      frame.gzipNotice = true;
      this.#pos = p + GZIP_NOTICE.length;
    } else if (exactFits) {
      this.#takeData(frame, p, entry.length);
    } else {
      const candidates: number[] = [];
      for (let k = entry.length - 1; k >= Math.max(0, entry.length - MAX_PAD); k--) {
        if (this.#dataFits(p, k)) candidates.push(k);
      }
      const chosen = candidates[0];
      if (chosen === undefined) {
        this.#resync('data-unmatched', `no length ≤ ${entry.length} is followed by an entry or the end`, entry.streamId);
        return;
      }
      frame.padded = true;
      frame.paddingAmbiguous = true;
      this.#problem(
        'padding-ambiguous',
        entry.offset,
        `printed ${chosen} of ${entry.length} bytes; ${candidates.length} length(s) fit`,
        entry.streamId,
      );
      this.#takeData(frame, p, chosen);
    }
    this.#state = 'between';
  }

  #dataFits(start: number, length: number): boolean {
    const nl = start + length;
    return nl < this.#text.length && this.#text.charCodeAt(nl) === 0x0a && this.#atBoundary(nl + 1);
  }

  #takeData(frame: V1DataFrame, start: number, length: number): void {
    frame.data = this.#bytes.slice(start, start + length);
    this.#pos = start + length + 1;
  }

  #afterOther(): void {
    const entry = this.#entry!;
    this.#frames.push({ kind: 'other', type: entry.type, streamId: entry.streamId, offset: entry.offset });
    if (this.#atBoundary(this.#pos)) this.#state = 'between';
    else this.#resync('unexpected-bytes', `bytes after a ${entry.type} entry`, entry.streamId);
  }

  #readMerged(): void {
    const offset = this.#pos;
    const id = this.#readNumberLine('', offset + MERGED.length);
    const len = id ? this.#readNumberLine(MERGED_LENGTH_LINE, id.end) : undefined;
    if (!id || !len || this.#text.charCodeAt(len.end) !== 0x0a) {
      return this.#resync('bad-entry', 'unreadable merged section header');
    }
    const start = len.end + 1;
    const available = Math.min(len.value, this.#text.length - start);
    const complete = available === len.value;
    this.#merged.push({ streamId: id.value, body: this.#bytes.slice(start, start + available), complete, offset });
    let p = start + available;
    if (!complete) {
      this.#problem('merged-truncated', offset, `${available} of ${len.value} bytes`, id.value);
    } else if (this.#text.charCodeAt(p) === 0x0a) {
      p += 1;
    } else {
      this.#problem('merged-malformed', p, 'no newline after the merged body', id.value);
    }
    this.#pos = p;
    this.#state = 'between';
  }

  /** `<prefix><digits>\n` at `start`. */
  #readNumberLine(prefix: string, start: number): { value: number; end: number } | undefined {
    if (!this.#text.startsWith(prefix, start)) return undefined;
    const from = start + prefix.length;
    const nl = this.#text.indexOf('\n', from);
    if (nl < 0) return undefined;
    const digits = this.#text.slice(from, nl);
    if (!/^\d{1,10}$/.test(digits)) return undefined;
    return { value: Number(digits), end: nl + 1 };
  }

  #atBoundary(p: number): boolean {
    return p >= this.#text.length || this.#text.startsWith(ENTRY, p) || this.#text.startsWith(MERGED, p);
  }

  /** Record the problem, then skip to the next entry or merged marker after `#pos` (or stop). */
  #resync(code: V1DumpProblem['code'], detail: string, streamId?: number): void {
    const from = this.#pos;
    this.#problem(code, from, detail, streamId);
    const nextEntry = this.#text.indexOf(ENTRY, from + 1);
    const nextMerged = this.#text.indexOf(MERGED, from + 1);
    const candidates = [nextEntry, nextMerged].filter((n) => n >= 0);
    if (candidates.length === 0) {
      this.#pos = this.#text.length;
      this.#state = 'done';
    } else {
      this.#pos = Math.min(...candidates);
      this.#state = 'between';
    }
  }

  #problem(code: V1DumpProblem['code'], offset: number, detail: string, streamId?: number): void {
    this.#problems.push(streamId === undefined ? { code, offset, detail } : { code, offset, detail, streamId });
  }
}

/** Parse one v1 type-2/4 payload. Never throws: what cannot be read is listed in `problems`. */
export function parseV1FrameDump(payload: Uint8Array): V1FrameDump {
  return new V1FrameDumpParser(payload).run();
}
