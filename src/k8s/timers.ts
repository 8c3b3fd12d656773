/**
 * Time for the cluster layer, injectable so unit tests drive backoff with a fake clock instead of
 * sleeping. `random` is here too: backoff jitter must be scriptable to test its bounds.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending reconnect must not keep a CLI process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  random: () => Math.random(),
};

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per attempt up to maxMs and the delay
 * is drawn uniformly from [ceiling/2, ceiling], so many clients that lost the same server do not
 * reconnect in lockstep, yet none retries sooner than half the ceiling.
 */
export function backoffDelay(attempt: number, random: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}
