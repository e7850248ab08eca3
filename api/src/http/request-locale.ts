import { AsyncLocalStorage } from 'node:async_hooks';
import { Locale } from '@ducha/shared';

export const LOCALE_HEADER = 'x-ducha-locale';

/**
 * The locale of the HTTP request being handled. The tRPC error formatter reads it when an error
 * happens before a context exists (e.g. an unsupported request shape).
 */
export const requestLocale = new AsyncLocalStorage<Locale>();

export function parseLocale(header: string | null | undefined): Locale {
  const parsed = Locale.safeParse(header?.trim());
  return parsed.success ? parsed.data : 'zh-CN';
}
