// Errors the CLI reports as one clear line and a non-zero exit, never a stack trace.

export class CliUsageError extends Error {
  readonly code = 'ECAPTURE_HTTP_USAGE';
  override readonly name = 'CliUsageError';
}

/** One line for the user: the message, plus the stable code when the error has one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !(error instanceof CliUsageError) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
