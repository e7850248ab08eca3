import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SYNC_BACKOFF, backoffCeiling, backoffDelay } from './backoff';

describe('backoff', () => {
  const opts = { baseMs: 1000, capMs: 60_000 };

  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 5, 6, 7, 100].map((n) => backoffCeiling(n, opts))).toEqual([
      1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffCeiling(5000, opts)).toBe(60_000);
  });

  it('draws the whole delay: 0 at the bottom of the draw, just under the ceiling at the top', () => {
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...opts, random: () => 0.5 })).toBe(4000);
    expect(backoffDelay(3, { ...opts, random: () => 0.999999 })).toBe(7999);
  });

  it('stays within [0, ceiling) for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const d = backoffDelay(attempt, { ...SYNC_BACKOFF, random: () => r });
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(Math.max(1, backoffCeiling(attempt, SYNC_BACKOFF)));
          expect(d).toBeLessThanOrEqual(SYNC_BACKOFF.capMs);
        },
      ),
    );
  });

  it('refuses nonsense', () => {
    expect(() => backoffDelay(-1, opts)).toThrow(RangeError);
    expect(() => backoffDelay(1, { ...opts, random: () => 1 })).toThrow(RangeError);
    expect(() => backoffDelay(1, { baseMs: 10, capMs: 5 })).toThrow(RangeError);
  });
});
