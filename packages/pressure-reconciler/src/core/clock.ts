/** Time as the service sees it; tests substitute a manual clock. */
export interface Clock {
  /** Milliseconds, monotonic enough for rate limits and timers. */
  now(): number;
  /** Runs `callback` after `ms`; the returned function cancels it. */
  schedule(ms: number, callback: () => void): () => void;
}

/** A source of numbers in [0, 1), for jitter; tests substitute a fixed one. */
export type RandomSource = () => number;

export const systemClock: Clock = {
  now: () => performance.now(),
  schedule: (ms, callback) => {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    const cancel = clock.schedule(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
