/**
 * Time, as the client sees it: the current time (for signing) and sleeping
 * between attempts. Tests pass a virtual clock so retries and waiters run at
 * once.
 *
 * @module
 */

/** A source of time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest delay one timer keeps: 2^31 − 1 ms (about 24.8 days). Runtimes store a timer's delay as a
 * signed 32-bit integer, and a longer one fires at once.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The timer functions {@link sleep} uses: the global ones, or a test's. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/**
 * Sleeps with `setTimeout`, stopping at once when `signal` aborts. A sleep longer than one timer keeps
 * ({@link MAX_TIMER_DELAY_MS}) is slept in chunks of at most that, so a waiter's long delay never fires early.
 */
export function sleep(ms: number, signal?: AbortSignal, timers: Timers = globalThis as unknown as Timers): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let timer: unknown;
    const onAbort = () => {
      timers.clearTimeout(timer);
      reject(signal!.reason);
    };
    // Each timer waits at most MAX_TIMER_DELAY_MS, then the next waits out what is left.
    const wait = (remaining: number): void => {
      timer = timers.setTimeout(
        () => remaining > MAX_TIMER_DELAY_MS ? wait(remaining - MAX_TIMER_DELAY_MS) : (signal?.removeEventListener("abort", onAbort), resolve()),
        Math.min(remaining, MAX_TIMER_DELAY_MS),
      );
    };
    wait(ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep };
