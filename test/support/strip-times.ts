// Exchanges compared without their times (re-splitting or replaying changes when, not what).

import type { Exchange } from '../../src/model/exchange.js';

const TIME_KEYS = new Set(['start', 'end', 'at']);
const TIME_ISSUES = new Set(['time-unanchored', 'time-approximate']);

export function withoutTimes(x: Exchange): unknown {
  return JSON.parse(
    JSON.stringify(x, (key, value: unknown) => {
      if (TIME_KEYS.has(key)) return undefined;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (key === 'issues' && Array.isArray(value)) return value.filter((i: { code: string }) => !TIME_ISSUES.has(i.code));
      return value;
    }),
  );
}
