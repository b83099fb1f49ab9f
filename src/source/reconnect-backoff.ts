// Jittered exponential backoff for reconnecting to eCapture.

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts allowed before giving up; Infinity = never give up. */
  maxAttempts: number;
}

export type ReconnectOption = boolean | { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };

export const DEFAULT_RECONNECT_POLICY: Readonly<ReconnectPolicy> = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** `undefined` = reconnecting is off. */
export function resolveReconnectPolicy(option: ReconnectOption | undefined): ReconnectPolicy | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return { ...DEFAULT_RECONNECT_POLICY };
  const initialDelayMs = option.initialDelayMs ?? DEFAULT_RECONNECT_POLICY.initialDelayMs;
  return {
    initialDelayMs,
    maxDelayMs: Math.max(initialDelayMs, option.maxDelayMs ?? DEFAULT_RECONNECT_POLICY.maxDelayMs),
    maxAttempts: option.maxAttempts ?? DEFAULT_RECONNECT_POLICY.maxAttempts,
  };
}

/**
 * Delay before retry number `attempt` (1-based): initial × 2^(attempt−1), capped, then scaled by a
 * random factor in [0.5, 1) so many clients restarted together do not reconnect in lock-step.
 */
export function backoffDelayMs(policy: ReconnectPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  return Math.round(base * (0.5 + random() * 0.5));
}
