import { label, type AnswerValue, type Locale } from '@ducha/shared';

/*
 * How the printed report writes figures: Chinese official documents give amounts in 万元 with
 * full-width punctuation around them, dates as 2026年6月3日.
 */

export function answerText(answer: AnswerValue | null, locale: Locale): string {
  if (!answer) return '—';
  switch (answer.kind) {
    case 'conformity':
      return label('conformity', answer.value, locale);
    case 'score':
    case 'number':
      return String(answer.value);
    case 'text':
    case 'choice':
      return String(answer.value);
  }
}

/** 2026-06-03 or an ISO instant → 2026年6月3日 (China day) / 3 Jun 2026. */
export function documentDate(value: string | null, locale: Locale): string {
  if (!value) return '—';
  const day =
    value.length === 10
      ? value
      : new Date(Date.parse(value) + 8 * 3_600_000).toISOString().slice(0, 10);
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  if (locale === 'zh-CN') return `${y}年${mo}月${d}日`;
  return new Date(Date.UTC(y, mo - 1, d)).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** Yuan → 万元 with up to 2 decimals (789.9万元), as the seeds report money. */
export function moneyText(yuan: number | null, locale: Locale): string | null {
  if (yuan === null) return null;
  if (locale === 'zh-CN') {
    return yuan >= 10_000
      ? `${Math.round(yuan / 100) / 100}万元`
      : `${yuan.toLocaleString('zh-CN')}元`;
  }
  return `¥${yuan.toLocaleString('en', { maximumFractionDigits: 2 })}`;
}

/** Numbers of a score sheet: at most 2 decimals, no trailing zeros. */
export function scoreText(n: number | null): string {
  if (n === null) return '—';
  return String(Math.round(n * 100) / 100);
}
