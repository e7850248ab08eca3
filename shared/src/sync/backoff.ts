/*
 * Retry delays for sync: exponential backoff with "full jitter" (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"): the delay is drawn uniformly from [0, min(cap, base·2^n)).
 * Drawing the whole delay at random, rather than adding a little noise to a fixed one, spreads
 * the retries of many phones that lost the network together (a whole team leaving a basement
 * archive room) so they do not hit the server in waves.
 */

export interface BackoffOptions {
  /** Delay ceiling of the first retry, ms. */
  baseMs: number;
  /** Largest delay ever returned, ms. */
  capMs: number;
  /** A uniform draw in [0, 1); injectable so tests and simulations are deterministic. */
  random?: () => number;
}

export const SYNC_BACKOFF: Readonly<Required<Omit<BackoffOptions, 'random'>>> = {
  baseMs: 1_000,
  capMs: 5 * 60_000,
};

/** The ceiling before jitter for retry number `attempt` (0 for the first retry). */
export function backoffCeiling(attempt: number, { baseMs, capMs }: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`);
  }
  if (!(baseMs > 0) || !(capMs >= baseMs)) {
    throw new RangeError('backoff needs 0 < baseMs <= capMs');
  }
  // 2^attempt overflows to Infinity for huge attempts, which min() turns into the cap.
  return Math.min(capMs, baseMs * 2 ** attempt);
}

/** How long to wait before retry number `attempt`, in whole ms. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a value in [0, 1), got ${r}`);
  return Math.floor(r * backoffCeiling(attempt, options));
}
