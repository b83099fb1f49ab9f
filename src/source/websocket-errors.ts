// Errors a WebSocket source throws out of its iterator. Everything else (drops, closes, bad frames)
// becomes a record; these are the cases where going on makes no sense.

const STATUS_HINTS: Record<number, string> = {
  403: 'eCapture answers 403 when the Origin header is missing or "null"; pass an absolute origin such as http://localhost/',
  400: 'eCapture answers 400 to two or more subprotocols or a request that is not a WebSocket upgrade',
};

/** The server answered the upgrade with an HTTP status: a configuration error, retrying will not help. */
export class HandshakeRejectedError extends Error {
  readonly code = 'ECAPTURE_HANDSHAKE_REJECTED';
  readonly url: string;
  readonly status: number;

  constructor(url: string, status: number) {
    const hint = STATUS_HINTS[status];
    super(`${url}: WebSocket handshake rejected with HTTP ${status}${hint === undefined ? '' : ` (${hint})`}`);
    this.name = 'HandshakeRejectedError';
    this.url = url;
    this.status = status;
  }
}

/** No connection could be made (reconnect off), or reconnecting gave up after `maxAttempts`. */
export class WebSocketConnectError extends Error {
  readonly code = 'ECAPTURE_CONNECT_FAILED';
  readonly url: string;
  /** Connection attempts made, the first one included. */
  readonly attempts: number;

  constructor(url: string, reason: string, attempts: number, cause?: unknown) {
    super(
      attempts > 1 ? `${url}: gave up after ${attempts} connection attempts: ${reason}` : `${url}: cannot connect: ${reason}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'WebSocketConnectError';
    this.url = url;
    this.attempts = attempts;
  }
}

/** The source string is not a ws:// or wss:// URL, or an option is out of range. */
export class WebSocketOptionsError extends Error {
  readonly code = 'ECAPTURE_BAD_WEBSOCKET_OPTIONS';

  constructor(message: string) {
    super(message);
    this.name = 'WebSocketOptionsError';
  }
}

/** Statuses worth retrying: the server (or a proxy in front of it) is busy or restarting. */
export function isRetryableHandshakeStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
