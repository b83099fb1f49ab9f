// Errors the sinks can report. Each carries a stable `code`.

/** write() after close(): the output is already a finished document. */
export class SinkClosedError extends Error {
  readonly code = 'sink-closed';
  constructor(what: string) {
    super(`${what} is closed; nothing more can be written`);
    this.name = 'SinkClosedError';
  }
}

/** The output stream failed or was destroyed before the data could be handed over. */
export class SinkOutputError extends Error {
  readonly code = 'sink-output-failed';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`output stream failed: ${detail}`, options);
    this.name = 'SinkOutputError';
  }
}
