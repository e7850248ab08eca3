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
