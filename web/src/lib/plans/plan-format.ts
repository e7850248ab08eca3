import type { Locale } from '@ducha/shared';

/** Local to the calendar day: window dates are CST days, so format them in UTC as-is. */
function formatter(locale: Locale, withYear: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    ...(withYear ? { year: 'numeric' } : {}),
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
  });
}

/**
 * A plan window for a card: "3月2日 – 3月5日" / "Mar 2 – Mar 5", one date when start = end,
 * years shown only when the window is not wholly in the current year.
 */
export function formatWindow(start: string, end: string, locale: Locale, today: string): string {
  const year = today.slice(0, 4);
  const withYear = start.slice(0, 4) !== year || end.slice(0, 4) !== year;
  const fmt = formatter(locale, withYear);
  const a = fmt.format(new Date(`${start}T00:00:00Z`));
  if (start === end) return a;
  return `${a} – ${fmt.format(new Date(`${end}T00:00:00Z`))}`;
}

/** "3月2日 14:05" style time of a device copy. */
export function formatSavedAt(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
