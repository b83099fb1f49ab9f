// HTTP/2 frame constants (RFC 9113 §6, §7, §11.2) and the fixed rules a frame header must obey.

export const FRAME_HEADER_BYTES = 9;

export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const;

/** Flags each known type defines; anything else is undefined for the type. */
export const DEFINED_FLAGS: readonly number[] = [
  Flag.END_STREAM | Flag.PADDED, // DATA
  Flag.END_STREAM | Flag.END_HEADERS | Flag.PADDED | Flag.PRIORITY, // HEADERS
  0, // PRIORITY
  0, // RST_STREAM
  Flag.ACK, // SETTINGS
  Flag.END_HEADERS | Flag.PADDED, // PUSH_PROMISE
  Flag.ACK, // PING
  0, // GOAWAY
  0, // WINDOW_UPDATE
  Flag.END_HEADERS, // CONTINUATION
];

export const FRAME_TYPE_NAMES: readonly string[] = [
  'DATA',
  'HEADERS',
  'PRIORITY',
  'RST_STREAM',
  'SETTINGS',
  'PUSH_PROMISE',
  'PING',
  'GOAWAY',
  'WINDOW_UPDATE',
  'CONTINUATION',
];

export function isKnownType(type: number): boolean {
  return type <= FrameType.CONTINUATION;
}

export function frameTypeName(type: number): string {
  return FRAME_TYPE_NAMES[type] ?? `UNKNOWN_0x${type.toString(16)}`;
}

/** Where a type may appear: on stream 0 only, never on stream 0, or either. */
export function streamRule(type: number): 'zero' | 'nonzero' | 'any' {
  switch (type) {
    case FrameType.SETTINGS:
    case FrameType.PING:
    case FrameType.GOAWAY:
      return 'zero';
    case FrameType.WINDOW_UPDATE:
      return 'any';
    default:
      return isKnownType(type) ? 'nonzero' : 'any';
  }
}

export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

/** SETTINGS_MAX_FRAME_SIZE until the receiver announces another (RFC 9113 §6.5.2). */
export const DEFAULT_MAX_FRAME_SIZE = 16384;

const ERROR_CODE_NAMES: readonly string[] = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

/** `CANCEL (0x8)`; unknown codes as `0x…`. */
export function describeErrorCode(code: number): string {
  const name = ERROR_CODE_NAMES[code];
  return name ? `${name} (0x${code.toString(16)})` : `0x${code.toString(16)}`;
}

export const CLIENT_PREFACE = Uint8Array.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', (c) => c.charCodeAt(0));
