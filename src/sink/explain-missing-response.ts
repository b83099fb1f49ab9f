// Which issue explains an exchange that has no response, most specific first.

import type { Exchange, IssueCode } from '../model/exchange.js';

const MISSING_RESPONSE_REASONS: IssueCode[] = [
  'stream-reset',
  'goaway-unprocessed',
  'connection-evicted',
  'tunnel',
  'upgrade',
  'interim-only',
  'capture-truncated',
  'gap',
  'end-of-input',
  'response-missing',
];

export function explainMissingResponse(x: Exchange): IssueCode {
  return MISSING_RESPONSE_REASONS.find((code) => x.issues.some((i) => i.code === code)) ?? 'response-missing';
}
