// Decides which bytes of a captured body an export carries and how to describe them: the decoded
// bytes when decoding happened, else the wire bytes (with a note), within the export's size limit.
// Nothing is loaded beyond what the model already holds (a capped prefix for huge bodies).

import { Buffer } from 'node:buffer';
import type { Body } from '../model/exchange.js';
import { essenceOf } from './read-headers.js';

/** Default export limit per body, in bytes held (not counting bytes the capture never kept). */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Why the exported body is not simply the whole body. */
export type ExportBodyStatus = 'truncated' | 'capped' | 'undecodable' | 'discarded:too-large';

export interface SelectedBody {
  /** The bytes to export; undefined when there are none or they were left out. */
  bytes?: Uint8Array;
  /** True when `bytes` are still content-encoded (decoding failed or was not attempted). */
  stillEncoded: boolean;
  /** True when `bytes` are only a prefix of the body (capture cap or missing capture). */
  partial: boolean;
  /** Decoded size (falls back to the wire size when nothing was decoded). */
  contentSize: number;
  /** Wire size after de-chunking; undefined when unknown (eCapture v1 already undid a coding). */
  wireSize?: number;
  /** decoded − wire, only when this package undid a content coding. */
  compression?: number;
  status?: ExportBodyStatus;
  /** Human-readable notes for HAR `comment` / NDJSON. */
  notes: string[];
}

/** Whether a body carries anything worth an export field (a body was, or may have been, sent). */
export function hasBody(body: Body): boolean {
  return body.status !== 'absent' || body.wireSize > 0;
}

/**
 * `headerCodings`: the codings the side's Content-Encoding names. eCapture v1 bodies it gunzipped
 * carry no codings (nothing is left to undo), so only the head tells that the wire was coded.
 */
export function selectBody(body: Body, maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES, headerCodings: readonly string[] = body.codings): SelectedBody {
  const notes: string[] = [];
  const undone = body.applied.length > 0;
  const codingsLeft = body.codings.length > body.applied.length;
  const decodedByEcapture = body.status === 'decoded-by-ecapture';

  let bytes: Uint8Array | undefined = body.decoded;
  let stillEncoded = false;
  if (bytes === undefined && body.wire !== undefined) {
    bytes = body.wire;
    stillEncoded = codingsLeft && !decodedByEcapture;
    if (stillEncoded) {
      notes.push(`Content-Encoding ${body.codings.join(', ')} was not undone: the bytes are the still-encoded wire bytes`);
    }
  }

  // Without a decoded size nothing was decoded: the content is the wire bytes.
  const contentSize = toSize(body.decodedSize ?? body.wireSize);
  // v1: eCapture gunzipped before we saw the bytes, so the size on the wire is not known. It only
  // ever undoes a lone gzip (§7.4); one undone here means the bytes we got were still coded.
  const codings = body.codings.length > 0 ? body.codings : headerCodings;
  const undoneByEcapture = decodedByEcapture && !undone && codings.length === 1 && codings[0]!.trim().toLowerCase() === 'gzip';
  const wireSize = undoneByEcapture ? undefined : toSize(body.wireSize);
  if (wireSize === undefined) notes.push('eCapture decoded this body before capture: its size on the wire is unknown');
  const compression = undone && body.decodedSize !== undefined && wireSize !== undefined ? contentSize - wireSize : undefined;

  let status: ExportBodyStatus | undefined;
  let partial = false;
  switch (body.status) {
    case 'truncated':
      status = 'truncated';
      partial = true;
      notes.push('body incomplete: bytes are missing from the capture');
      break;
    case 'capped': {
      status = 'capped';
      partial = true;
      const held = bytes?.byteLength ?? 0;
      notes.push(`only the first ${held} of ${contentSize} bytes were kept (capture cap)`);
      break;
    }
    case 'undecodable':
      status = 'undecodable';
      if (!stillEncoded) notes.push('content decoding failed');
      break;
    default:
      break;
  }

  if (bytes !== undefined && bytes.byteLength > maxBodyBytes) {
    notes.push(`body left out: ${bytes.byteLength} bytes exceed the export limit of ${maxBodyBytes} bytes`);
    return { stillEncoded, partial, contentSize, wireSize, compression, status: 'discarded:too-large', notes };
  }
  return { bytes, stillEncoded, partial, contentSize, wireSize, compression, status, notes };
}

/** Sizes are integers; the model's counters already are, this guards against bad input. */
function toSize(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
}

/**
 * The bytes as UTF-8 text, or undefined when they are not valid UTF-8. A prefix may end inside a
 * multi-byte sequence: for partial bodies that incomplete tail is dropped rather than failing.
 */
export function utf8Text(bytes: Uint8Array, partial: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: partial });
  } catch {
    return undefined;
  }
}

export function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const BINARY_TYPES = /^(image\/(?!svg\+xml)|audio\/|video\/|font\/|application\/(octet-stream|zip|gzip|x-gzip|zstd|x-bzip2|x-tar|x-7z-compressed|pdf|wasm|grpc|protobuf|x-protobuf|vnd\.google\.protobuf|msgpack|x-msgpack|cbor|ogg|vnd\.ms-fontobject))/;

/** A media type whose bodies are binary even when the bytes happen to decode as UTF-8. */
export function isBinaryMediaType(contentType: string | undefined): boolean {
  return BINARY_TYPES.test(essenceOf(contentType));
}

/** How a body is exported as a JSON string: text when it is UTF-8 text, else base64. */
export function encodeBodyForJson(
  bytes: Uint8Array,
  contentType: string | undefined,
  partial: boolean,
): { text: string; base64: boolean } {
  if (!isBinaryMediaType(contentType)) {
    const text = utf8Text(bytes, partial);
    // NUL is legal UTF-8 but a strong sign of binary data that merely happens to decode.
    if (text !== undefined && !text.includes('\u0000')) return { text, base64: false };
  }
  return { text: base64Of(bytes), base64: true };
}
