import { describe, expect, it } from 'vitest';
import { compareCounts, ratePercent, rectificationRate, topRanked } from './dashboard-figures';
import { DashboardFilter, DashboardSummaryInput } from './dashboard.schema';

describe('整改率', () => {
  it('is closed over due, and unknown when nothing was due', () => {
    expect(rectificationRate(5, 6)).toBeCloseTo(5 / 6);
    expect(ratePercent(rectificationRate(5, 6))).toBe(83.3);
    expect(rectificationRate(0, 0)).toBeNull();
    expect(ratePercent(null)).toBeNull();
    expect(rectificationRate(3, 2)).toBe(1);
  });
});

describe('comparisons and rankings', () => {
  it('give the change from the previous period', () => {
    expect(compareCounts(4, 7)).toEqual({ current: 4, previous: 7, delta: -3 });
  });

  it('rank by count, ties by name, and drop zeros', () => {
    const rows = [
      { id: 'c', name: '乙', count: 2 },
      { id: 'a', name: '甲', count: 5 },
      { id: 'b', name: '丙', count: 2 },
      { id: 'd', name: '丁', count: 0 },
    ];
    // 丙 (bǐng) sorts before 乙 (yǐ) in pinyin order.
    expect(topRanked(rows, 10).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(topRanked(rows, 2).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('dashboard inputs', () => {
  it('accept a range and refuse a reversed or too long one with a message key', () => {
    expect(DashboardFilter.safeParse({ from: '2026-01-01', to: '2026-12-31' }).success).toBe(true);
    const reversed = DashboardFilter.safeParse({ from: '2026-02-01', to: '2026-01-01' });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues[0]?.message).toBe('dashboard.range_order');
    const long = DashboardFilter.safeParse({ from: '2000-01-01', to: '2026-01-01' });
    expect(long.error?.issues[0]?.message).toBe('dashboard.range_too_long');
    expect(DashboardFilter.safeParse({ from: '2026-13-01', to: '2026-12-31' }).success).toBe(false);
  });

  it('take a period kind the cadence knows', () => {
    expect(DashboardSummaryInput.safeParse({ kind: 'dekad', date: '2026-12-07' }).success).toBe(
      true,
    );
    expect(DashboardSummaryInput.safeParse({ kind: 'quarter', date: '2026-12-07' }).success).toBe(
      false,
    );
  });
});
