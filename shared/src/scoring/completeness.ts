import { ANSWER_KINDS } from '../domain/enum-values';
import type { AnswerKind } from '../domain/enums';
import type { AnswerValue } from '../domain/inspection.schema';
import type { TemplateItem } from '../domain/template.schema';

type CheckedItem = Pick<TemplateItem, 'id' | 'answerKind' | 'required' | 'evidenceRequired'>;

export interface CompletenessSection {
  items: readonly CheckedItem[];
}

export interface StoredAnswer {
  answer: AnswerValue;
  evidence: readonly string[];
}

export interface Completeness {
  /** Required items without a usable answer (missing, or of the wrong kind). */
  missingRequiredItemIds: string[];
  /** Answered items that need evidence and have none. */
  missingEvidenceItemIds: string[];
  complete: boolean;
}

/**
 * What stops a visit from being submitted. A `not_applicable` answer needs no evidence: there is
 * nothing on site to photograph, and the remark explains why. An empty text answer counts as
 * missing.
 */
export function checkCompleteness(
  sections: readonly CompletenessSection[],
  answers: Readonly<Record<string, StoredAnswer | undefined>>,
): Completeness {
  const missingRequiredItemIds: string[] = [];
  const missingEvidenceItemIds: string[] = [];
  for (const item of sections.flatMap((s) => s.items)) {
    const stored = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    const usable =
      stored !== undefined &&
      stored.answer.kind === item.answerKind &&
      !(stored.answer.kind === 'text' && stored.answer.value.trim() === '');
    if (!usable) {
      if (item.required) missingRequiredItemIds.push(item.id);
      continue;
    }
    const na = stored.answer.kind === 'conformity' && stored.answer.value === 'not_applicable';
    if (item.evidenceRequired && !na && stored.evidence.length === 0) {
      missingEvidenceItemIds.push(item.id);
    }
  }
  return {
    missingRequiredItemIds,
    missingEvidenceItemIds,
    complete: missingRequiredItemIds.length === 0 && missingEvidenceItemIds.length === 0,
  };
}

const KINDS: ReadonlySet<string> = new Set(ANSWER_KINDS);

/**
 * What `checkCompleteness` needs of a stored template's `sections`, read by hand (with the
 * template schema's defaults: required unless said otherwise, evidence only when asked for):
 * the server runs it on every submit, and a 500-item checklist parsed whole each time is waste.
 * Null when the value is not a list of sections with items of a known answer kind.
 */
export function completenessSections(sections: unknown): CompletenessSection[] | null {
  if (!Array.isArray(sections)) return null;
  const out: CompletenessSection[] = [];
  for (const section of sections as unknown[]) {
    const items = isObject(section) ? section.items : undefined;
    if (!Array.isArray(items)) return null;
    const checked: CheckedItem[] = [];
    for (const item of items as unknown[]) {
      if (!isObject(item) || typeof item.id !== 'string') return null;
      const kind = item.answerKind;
      if (typeof kind !== 'string' || !KINDS.has(kind)) return null;
      checked.push({
        id: item.id,
        answerKind: kind as AnswerKind,
        required: item.required !== false,
        evidenceRequired: item.evidenceRequired === true,
      });
    }
    out.push({ items: checked });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
