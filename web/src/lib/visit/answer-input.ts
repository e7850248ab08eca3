import type { AnswerValue, TemplateItem } from '@ducha/shared';

export type ParsedAnswer = { ok: true; value: AnswerValue | null } | { ok: false };

/**
 * A typed answer (score, number, text) as stored. An emptied field clears the answer (null), so
 * the item counts as unanswered again rather than as zero. Scores must lie within the item's
 * maximum; full-width digits and separators from Chinese keyboards are accepted.
 */
export function parseAnswerText(
  item: Pick<TemplateItem, 'answerKind' | 'maxScore'>,
  text: string,
): ParsedAnswer {
  if (item.answerKind === 'text') {
    return { ok: true, value: text.trim() === '' ? null : { kind: 'text', value: text } };
  }
  if (item.answerKind !== 'score' && item.answerKind !== 'number') return { ok: false };
  const t = text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[－]/g, '-')
    .replace(/[,，\s]/g, '');
  if (t === '') return { ok: true, value: null };
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { ok: false };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false };
  if (item.answerKind === 'number') return { ok: true, value: { kind: 'number', value: n } };
  if (n < 0 || n > item.maxScore) return { ok: false };
  return { ok: true, value: { kind: 'score', value: n } };
}
