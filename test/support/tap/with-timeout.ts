// Every await in the tap is bounded: a hung peer must fail the test, not hang the process.

export class TapTimeoutError extends Error {
  readonly code = 'TAP_TIMEOUT';
  constructor(label: string, ms: number) {
    super(`${label}: no result within ${ms} ms`);
    this.name = 'TapTimeoutError';
  }
}

/** Resolves or rejects like `promise`, or rejects with TapTimeoutError after `ms`. The timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TapTimeoutError(label, ms)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A bounded pause for scenarios that want gaps between requests. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
