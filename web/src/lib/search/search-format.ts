import type { Locale } from '@ducha/shared';
import { dateTimeFormat } from '$lib/format/intl-cache';

/**
 * The day a result is about. A bare date (a plan window) is a CST calendar day and is shown as
 * is; an instant is shown in the phone's own time zone.
 */
export function formatResultDate(at: string, locale: Locale): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(at);
  const date = new Date(dateOnly ? `${at}T00:00:00Z` : at);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, {
    ...(dateOnly ? { timeZone: 'UTC' } : {}),
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
  }).format(date);
}
