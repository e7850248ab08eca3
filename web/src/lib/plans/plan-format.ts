import type { Locale } from '@ducha/shared';

/*
 * Dates and times as the app shows them, written out by hand for the two languages it speaks: the
 * same text Intl.DateTimeFormat gives (tested against it), without loading the locale's date data
 * on start-up, which on a slow phone costs a frame or more for the first formatter built.
 */

const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const pad = (n: number) => String(n).padStart(2, '0');

function day(locale: Locale, year: number | null, month: number, date: number): string {
  if (locale === 'en') return `${EN_MONTHS[month]} ${date}${year === null ? '' : `, ${year}`}`;
  return `${year === null ? '' : `${year}年`}${month + 1}月${date}日`;
}

/**
 * A plan window for a card: "3月2日 – 3月5日" / "Mar 2 – Mar 5", one date when start = end,
 * years shown only when the window is not wholly in the current year. Window dates are calendar
 * days (CST), so they are read as they are, whatever the device's time zone.
 */
export function formatWindow(start: string, end: string, locale: Locale, today: string): string {
  const year = today.slice(0, 4);
  const withYear = start.slice(0, 4) !== year || end.slice(0, 4) !== year;
  const fmt = (d: string) =>
    day(
      locale,
      withYear ? Number(d.slice(0, 4)) : null,
      Number(d.slice(5, 7)) - 1,
      Number(d.slice(8, 10)),
    );
  const a = fmt(start);
  if (start === end) return a;
  return `${a} – ${fmt(end)}`;
}

/** "3月2日 14:05" / "Mar 2, 14:05": the time of a device copy, in the device's time zone. */
export function formatSavedAt(iso: string, locale: Locale): string {
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const date = day(locale, null, d.getMonth(), d.getDate());
  return locale === 'en' ? `${date}, ${time}` : `${date} ${time}`;
}
