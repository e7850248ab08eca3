import { describe, expect, it } from 'vitest';
import { formatWindow } from './plan-format';

describe('formatWindow', () => {
  it('writes the window as calendar days in either language', () => {
    expect(formatWindow('2026-11-24', '2026-11-27', 'zh-CN', '2026-11-20')).toBe(
      '11月24日 – 11月27日',
    );
    expect(formatWindow('2026-11-24', '2026-11-27', 'en', '2026-11-20')).toBe('Nov 24 – Nov 27');
  });

  it('shows a one-day window once', () => {
    expect(formatWindow('2026-03-02', '2026-03-02', 'zh-CN', '2026-03-01')).toBe('3月2日');
  });

  it('adds years only when the window leaves the current year', () => {
    expect(formatWindow('2026-12-30', '2027-01-02', 'zh-CN', '2026-12-01')).toBe(
      '2026年12月30日 – 2027年1月2日',
    );
  });

  it('does not shift the day with the device time zone', () => {
    // Midnight UTC parsing + UTC formatting: the day printed is the day stored.
    expect(formatWindow('2026-01-01', '2026-01-01', 'en', '2026-01-01')).toBe('Jan 1');
  });
});
