import { describe, expect, it } from 'vitest';
import { formatSavedAt, formatWindow } from './plan-format';

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

describe('the hand-written formats', () => {
  it('read exactly as Intl.DateTimeFormat writes them, in both languages', () => {
    const intlWindow = (d: string, locale: 'zh-CN' | 'en', withYear: boolean) =>
      new Intl.DateTimeFormat(locale, {
        timeZone: 'UTC',
        ...(withYear ? { year: 'numeric' } : {}),
        month: locale === 'en' ? 'short' : 'long',
        day: 'numeric',
      }).format(new Date(`${d}T00:00:00Z`));
    const intlSaved = (iso: string, locale: 'zh-CN' | 'en') =>
      new Intl.DateTimeFormat(locale, {
        month: locale === 'en' ? 'short' : 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        // 00:00 at midnight: `hour12: false`, which the app used before, says 24:00 in English.
        hourCycle: 'h23',
      }).format(new Date(iso));
    for (let i = 0; i < 400; i++) {
      const t = Date.UTC(2020, 0, 1) + i * 7_919_000_017;
      const iso = new Date(t).toISOString();
      const d = iso.slice(0, 10);
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(formatWindow(d, d, locale, d)).toBe(intlWindow(d, locale, false));
        expect(formatWindow(d, d, locale, '1999-01-01')).toBe(intlWindow(d, locale, true));
        expect(formatSavedAt(iso, locale)).toBe(intlSaved(iso, locale));
      }
    }
  });
});
