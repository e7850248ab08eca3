import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PERIOD_KINDS,
  addDays,
  bucketKey,
  chinaDate,
  chinaDayStart,
  daysInclusive,
  dekadPart,
  isPeriodStart,
  nextPeriod,
  periodAt,
  periodBounds,
  periodOf,
  previousPeriod,
  trendBuckets,
} from './period';

describe('China time', () => {
  it('puts an instant on its UTC+8 calendar day', () => {
    expect(chinaDate('2026-03-31T15:59:59Z')).toBe('2026-03-31');
    expect(chinaDate('2026-03-31T16:00:00Z')).toBe('2026-04-01');
    expect(chinaDate(new Date('2026-12-31T20:00:00+08:00'))).toBe('2026-12-31');
  });

  it('starts a China day at 16:00 UTC the day before', () => {
    expect(chinaDayStart('2026-04-01').toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });
});

describe('周调度 weeks', () => {
  it('run Monday to Sunday', () => {
    // 2026-12-07 is a Monday.
    expect(periodOf('week', '2026-12-07')).toEqual({
      kind: 'week',
      start: '2026-12-07',
      end: '2026-12-13',
    });
    expect(periodOf('week', '2026-12-13').start).toBe('2026-12-07');
    expect(periodOf('week', '2026-12-14').start).toBe('2026-12-14');
  });

  it('cross a year end', () => {
    expect(periodOf('week', '2027-01-01')).toEqual({
      kind: 'week',
      start: '2026-12-28',
      end: '2027-01-03',
    });
  });

  it('take the China day of a late-evening instant', () => {
    // Sunday 23:30 in Beijing is still Sunday there, though Monday has not begun in UTC either.
    expect(periodAt('week', '2026-12-13T15:30:00Z').start).toBe('2026-12-07');
    // Monday 00:30 in Beijing is Sunday 16:30 UTC: already the new week.
    expect(periodAt('week', '2026-12-13T16:30:00Z').start).toBe('2026-12-14');
  });
});

describe('旬分析 ten-day periods', () => {
  it('split a month into 上旬, 中旬 and 下旬', () => {
    expect(dekadPart('2026-02-10')).toBe(1);
    expect(dekadPart('2026-02-11')).toBe(2);
    expect(dekadPart('2026-02-21')).toBe(3);
    expect(periodOf('dekad', '2026-02-05')).toEqual({
      kind: 'dekad',
      start: '2026-02-01',
      end: '2026-02-10',
    });
    expect(periodOf('dekad', '2026-02-15').end).toBe('2026-02-20');
  });

  it('give 下旬 the rest of the month, leap years included', () => {
    expect(periodOf('dekad', '2026-02-25').end).toBe('2026-02-28');
    expect(periodOf('dekad', '2028-02-25').end).toBe('2028-02-29');
    expect(periodOf('dekad', '2026-01-31')).toEqual({
      kind: 'dekad',
      start: '2026-01-21',
      end: '2026-01-31',
    });
  });

  it('step back from 上旬 to the last month’s 下旬', () => {
    expect(previousPeriod(periodOf('dekad', '2026-03-01'))).toEqual({
      kind: 'dekad',
      start: '2026-02-21',
      end: '2026-02-28',
    });
  });
});

describe('月总结 months', () => {
  it('run from the 1st to the last day', () => {
    expect(periodOf('month', '2026-04-17')).toEqual({
      kind: 'month',
      start: '2026-04-01',
      end: '2026-04-30',
    });
    expect(previousPeriod(periodOf('month', '2026-01-15'))).toEqual({
      kind: 'month',
      start: '2025-12-01',
      end: '2025-12-31',
    });
  });

  it('cover its China days as UTC instants', () => {
    const { from, until } = periodBounds(periodOf('month', '2026-04-17'));
    expect(from.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(until.toISOString()).toBe('2026-04-30T16:00:00.000Z');
  });
});

const isoDay = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('every period', () => {
  it('holds its day, is contiguous with the previous and next, and starts where it says', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PERIOD_KINDS), isoDay, (kind, day) => {
        const p = periodOf(kind, day);
        expect(p.start <= day && day <= p.end).toBe(true);
        expect(previousPeriod(p).end).toBe(addDays(p.start, -1));
        expect(nextPeriod(p).start).toBe(addDays(p.end, 1));
        expect(isPeriodStart(kind, p.start)).toBe(true);
        const length = daysInclusive(p.start, p.end);
        if (kind === 'week') expect(length).toBe(7);
        if (kind === 'dekad') expect(length).toBeGreaterThanOrEqual(8);
        if (kind === 'dekad') expect(length).toBeLessThanOrEqual(11);
        if (kind === 'month') expect(length).toBeGreaterThanOrEqual(28);
      }),
    );
  });
});

describe('trend buckets', () => {
  it('list the whole weeks overlapping a range, oldest first', () => {
    const weeks = trendBuckets('week', '2026-11-18', '2026-12-07');
    expect(weeks.map((w) => w.start)).toEqual([
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
    ]);
  });

  it('list months and key a day by its bucket', () => {
    expect(trendBuckets('month', '2026-01-31', '2026-03-01').map((m) => m.start)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(bucketKey('month', '2026-02-14')).toBe('2026-02-01');
    expect(bucketKey('week', '2026-12-09')).toBe('2026-12-07');
  });

  it('stay bounded and empty for a reversed range', () => {
    expect(trendBuckets('week', '2026-12-07', '2026-12-01')).toEqual([]);
    expect(trendBuckets('week', '2000-01-01', '2030-01-01', 10)).toHaveLength(10);
  });
});
