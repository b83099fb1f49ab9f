// --redact / --redact-header to the sinks' redaction options.

import type { RedactOptions } from '../sink/redact.js';

export function redactOption(redact: boolean | undefined, headers: string[] | undefined): RedactOptions | undefined {
  if (!redact && !headers?.length) return undefined;
  return headers?.length ? { headers } : {};
}
