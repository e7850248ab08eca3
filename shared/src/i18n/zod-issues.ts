import { z } from 'zod';
import type { Locale } from '../domain/enums';
import { isMessageKey, translate } from './messages';

export interface LocalizedIssue {
  /** Dotted path to the offending field (`sections.0.items.2.maxScore`); '' for the root. */
  path: string;
  message: string;
}

type LocaleError = (issue: z.core.$ZodRawIssue) => string | { message: string } | undefined | null;

// Built once: each call to z.locales.*() allocates its dictionaries.
const zodLocales: Record<Locale, LocaleError> = {
  'zh-CN': z.locales.zhCN().localeError as LocaleError,
  en: z.locales.en().localeError as LocaleError,
};

const TYPE_NAMES: Record<string, Record<Locale, string>> = {
  string: { 'zh-CN': '字符串', en: 'string' },
  number: { 'zh-CN': '数字', en: 'number' },
  int: { 'zh-CN': '整数', en: 'integer' },
  boolean: { 'zh-CN': '布尔值', en: 'boolean' },
  object: { 'zh-CN': '对象', en: 'object' },
  array: { 'zh-CN': '数组', en: 'array' },
  date: { 'zh-CN': '日期', en: 'date' },
  null: { 'zh-CN': '空值', en: 'null' },
  bigint: { 'zh-CN': '大整数', en: 'bigint' },
  record: { 'zh-CN': '对象', en: 'object' },
};

/** One zod issue's message in `locale` (see localizeZodIssues). */
export function localizeZodIssue(issue: z.core.$ZodIssue, locale: Locale): string {
  // Our schemas put message keys, never prose, into custom errors.
  if (isMessageKey(issue.message)) return translate(issue.message, locale);
  // Someone else's custom prose: we cannot translate it, so keep it.
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'invalid_type' && !('input' in issue)) {
    // A finished issue no longer carries the input, so zod's "received X" would always say
    // "undefined"; state only what was expected.
    const expected = TYPE_NAMES[issue.expected]?.[locale] ?? issue.expected;
    return translate('validation.invalid_type', locale, { expected });
  }
  // zod's own wording for string lengths reads like a type error (数值过小：期望 string >=10 字符);
  // these are the messages people meet most, on login and user forms.
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return translate('validation.string_too_short', locale, { minimum: Number(issue.minimum) });
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return translate('validation.string_too_long', locale, { maximum: Number(issue.maximum) });
  }
  const out = zodLocales[locale](issue as unknown as z.core.$ZodRawIssue);
  if (typeof out === 'string') return out;
  return out?.message ?? issue.message;
}

/**
 * The issues of a failed parse with their messages in `locale`, whatever locale zod was
 * configured with when it parsed. Messages come from zod 4's built-in locales
 * (`z.locales.zhCN()` / `z.locales.en()`) except for our own keyed messages (see ./messages.ts).
 */
export function localizeZodIssues(error: z.ZodError, locale: Locale): LocalizedIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: localizeZodIssue(issue, locale),
  }));
}
