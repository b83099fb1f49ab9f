// What parseV1FrameDump reads out of one eCapture v1 HTTP/2 frame dump (types 2 and 4, §7.5).

/** One HPACK field as eCapture printed it; name and value are latin1 strings of the field's bytes. */
export interface V1HeaderField {
  name: string;
  value: string;
  /** Printed with the ` (sensitive)` suffix: the field was sent never-indexed. */
  sensitive: boolean;
}

/**
 * Why a HEADERS entry has no (or no trustworthy) fields:
 * - `hpack-context-lost`: `Incorrect HPACK context …` (the block referenced a table eCapture lacked);
 * - `continuation-unsupported`: `Not Supported HEADERS Frame with CONTINUATION frames`.
 */
export type V1HeadersNotice = 'hpack-context-lost' | 'continuation-unsupported';

export interface V1HeadersFrame {
  kind: 'headers';
  streamId: number;
  /** `Frame Length` as printed: the wire length (padding and priority included). */
  length: number;
  fields: V1HeaderField[];
  notice?: V1HeadersNotice;
  /** Byte offset of the entry in the payload. */
  offset: number;
}

export interface V1DataFrame {
  kind: 'data';
  streamId: number;
  length: number;
  /** The DATA bytes as printed; absent when only the gzip notice was printed or the entry was unreadable. */
  data?: Uint8Array;
  /** `Partial entity body with gzip encoding ... ` was printed instead of the bytes. */
  gzipNotice: boolean;
  /** Fewer bytes than `length` were printed: the frame was padded (or priority-prefixed). */
  padded: boolean;
  /** More than one shorter length fit the dump: the split chosen may be wrong. */
  paddingAmbiguous: boolean;
  offset: number;
}

/** SETTINGS, WINDOW_UPDATE, PING, GOAWAY, RST_STREAM, PRIORITY, PUSH_PROMISE, CONTINUATION, UNKNOWN_FRAME_TYPE_<n>. */
export interface V1OtherFrame {
  kind: 'other';
  type: string;
  streamId: number;
  offset: number;
}

export type V1DumpFrame = V1HeadersFrame | V1DataFrame | V1OtherFrame;

/** A `Merged Data Frame` section: the gunzipped body of one stream's gzip DATA in this window. */
export interface V1MergedBody {
  streamId: number;
  body: Uint8Array;
  /** false when the payload ended before `Final Length` bytes. */
  complete: boolean;
  offset: number;
}

export type V1DumpProblemCode =
  | 'unexpected-bytes' // bytes that start no entry; skipped to the next entry marker
  | 'bad-entry' // an entry whose header lines do not follow the template
  | 'bad-header-line' // a HEADERS line that is neither a field nor a known notice
  | 'data-unmatched' // no DATA length fits the dump; the frame's bytes are lost
  | 'padding-ambiguous' // a padded DATA frame; the split is a best guess
  | 'merged-truncated' // a merged section shorter than its Final Length
  | 'merged-malformed' // a merged section without its closing newline
  | 'entry-cut' // the payload ends inside an entry (every entry line ends with a newline)
  | 'parser-failure'; // an internal error; what was parsed before it is kept

export interface V1DumpProblem {
  code: V1DumpProblemCode;
  offset: number;
  detail: string;
  streamId?: number;
}

export interface V1FrameDump {
  frames: V1DumpFrame[];
  merged: V1MergedBody[];
  problems: V1DumpProblem[];
}
