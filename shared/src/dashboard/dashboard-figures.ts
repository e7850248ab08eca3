/*
 * Arithmetic of the dashboard's figures, kept here so the API, the console and the printed
 * summary agree to the digit.
 */

/**
 * 整改率: items closed (销号) among those that were due in the range. Null when nothing was due —
 * "0%" would read as a failure when there was simply nothing to rectify.
 */
export function rectificationRate(closed: number, due: number): number | null {
  if (due <= 0) return null;
  return Math.min(1, Math.max(0, closed / due));
}

/** A rate as a percentage with one decimal, e.g. 0.8333… → 83.3. */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

export interface Compared {
  current: number;
  previous: number;
  /** current − previous */
  delta: number;
}

export function compareCounts(current: number, previous: number): Compared {
  return { current, previous, delta: current - previous };
}

export interface Ranked {
  id: string;
  name: string;
  count: number;
}

/** The `limit` largest counts, ties broken by name so the printed list is stable. */
export function topRanked<T extends Ranked>(rows: readonly T[], limit: number): T[] {
  return [...rows]
    .filter((r) => r.count > 0)
    .sort(
      (a, b) =>
        b.count - a.count || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}
