import { AnswerValue, label, type Locale, type TemplateItem } from '@ducha/shared';

/**
 * An answer as a reviewer reads it next to its item: the conformity label, the score out of the
 * maximum, the number with its unit, the chosen option's label, or the text. Null when there is
 * no valid answer (never answered, or an old device's malformed value).
 */
export function answerText(item: TemplateItem, raw: unknown, locale: Locale): string | null {
  const parsed = AnswerValue.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  switch (a.kind) {
    case 'conformity':
      return label('conformity', a.value, locale);
    case 'score':
      return `${a.value} / ${item.maxScore}`;
    case 'number':
      return item.numberUnit ? `${a.value} ${item.numberUnit}` : String(a.value);
    case 'choice':
      return item.choices?.find((c) => c.value === a.value)?.label ?? a.value;
    case 'text':
      return a.value;
  }
}
