import type { ConformityValue, Grade } from '../domain/enums';
import type { AnswerValue } from '../domain/inspection.schema';
import {
  DEFAULT_GRADE_THRESHOLDS,
  type GradeThresholds,
  type TemplateItem,
  type TemplateSection,
} from '../domain/template.schema';

/*
 * Scoring of a checklist (分项评议表 → 综合评议表). The rules, in one place:
 *
 * Item score (before weighting), against the item's `maxScore`:
 * - conformity: conforms = max; partial = max / 2 (the usual "部分符合得一半" of rating sheets:
 *   halfway between full and none, no judgement on degree); nonconforming = 0;
 *   not_applicable = excluded: the item adds 0 to both the score and the maximum.
 * - score: the given score clamped to [0, max] (a device may hold a stale maximum).
 * - choice: the chosen choice's `score` (clamped to max) when the item has any scored choice, a
 *   chosen choice without a score then counts 0; with no scored choice the item is unscored.
 * - number, text: unscored (they record facts; maximum 0).
 * - Unanswered: counts 0 but keeps its maximum, so skipping an item can never raise a percentage;
 *   the ids are reported so the UI can jump to them.
 * - An answer of the wrong kind, or a choice not in the list, is reported as invalid and scores
 *   like an unanswered item.
 * Item weight multiplies both score and maximum inside the section (weight 1 = plain sum).
 *
 * Section: score = Σ weighted scores, max = Σ weighted maxima, percent = score / max × 100.
 * A section whose max is 0 (everything N/A or unscored) has percent null and drops out of the
 * overall score; the remaining section weights are renormalised to sum to 1.
 *
 * Overall = Σ (section weight × section percent) / Σ section weight, out of 100, over the
 * sections that take part. Percentages are rounded to 2 decimals (what the sheet prints) and the
 * grade is read from the rounded value, so the printed number and the grade always agree.
 * No section taking part → overall null, grade null (nothing was measurable).
 *
 * Grade: ≥ excellent → excellent, ≥ good → good, ≥ pass → pass, else fail (thresholds per
 * template, default 90/80/60). 一票否决: any veto item answered `nonconforming` makes the grade
 * `fail` whatever the score; the ids are reported and `gradeBeforeVeto` keeps the score's grade.
 */

export type ScorableItem = Pick<
  TemplateItem,
  'id' | 'title' | 'answerKind' | 'maxScore' | 'weight' | 'veto' | 'required' | 'choices'
>;

export interface ScorableSection extends Pick<TemplateSection, 'id' | 'title' | 'weight'> {
  items: readonly ScorableItem[];
}

export interface ScorableTemplate {
  sections: readonly ScorableSection[];
  gradeThresholds?: GradeThresholds | undefined;
}

export type AnswerMap = Readonly<Record<string, AnswerValue | undefined>>;

export type ItemScoreStatus = 'scored' | 'not_applicable' | 'unscored' | 'unanswered' | 'invalid';

export interface ItemScore {
  itemId: string;
  sectionId: string;
  title: string;
  status: ItemScoreStatus;
  /** Score and maximum before the item weight. */
  score: number;
  max: number;
  weight: number;
  weightedScore: number;
  weightedMax: number;
  /** The conformity answer, when there is one (the 分项评议表 prints it). */
  conformity: ConformityValue | null;
  veto: boolean;
  /** A veto item answered nonconforming. */
  vetoTriggered: boolean;
}

export interface SectionScore {
  sectionId: string;
  title: string;
  /** The weight as written in the template. */
  weight: number;
  /** The share of the overall score after renormalisation (0 when the section drops out). */
  effectiveWeight: number;
  score: number;
  max: number;
  /** score / max × 100, rounded to 2 decimals; null when max is 0. */
  percent: number | null;
  /** effectiveWeight × percent: this section's points in the overall score. */
  contribution: number;
  counts: SectionCounts;
  items: ItemScore[];
}

export interface SectionCounts {
  total: number;
  answered: number;
  unanswered: number;
  notApplicable: number;
  nonconforming: number;
}

export interface ScoreSheet {
  sections: SectionScore[];
  /** Weighted overall score out of 100, 2 decimals; null when no section is measurable. */
  overall: number | null;
  grade: Grade | null;
  /** The grade the score alone would earn, before 一票否决. */
  gradeBeforeVeto: Grade | null;
  vetoed: boolean;
  vetoItemIds: string[];
  unansweredItemIds: string[];
  /** Unanswered items marked `required`: what blocks submission. */
  missingRequiredItemIds: string[];
  invalidItemIds: string[];
  nonconformingItemIds: string[];
  thresholds: GradeThresholds;
}

export function round2(x: number): number {
  return Math.round((x + Number.EPSILON * Math.sign(x)) * 100) / 100;
}

function clamp(x: number, lo: number, hi: number): number {
  if (!Number.isFinite(x)) return lo;
  return Math.min(hi, Math.max(lo, x));
}

export function gradeFor(
  percent: number,
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
): Grade {
  if (percent >= thresholds.excellent) return 'excellent';
  if (percent >= thresholds.good) return 'good';
  if (percent >= thresholds.pass) return 'pass';
  return 'fail';
}

function hasScoredChoice(item: ScorableItem): boolean {
  return (item.choices ?? []).some((c) => c.score !== undefined);
}

/** The maximum an item contributes when answered (before weighting and N/A exclusion). */
export function itemMaximum(item: ScorableItem): number {
  switch (item.answerKind) {
    case 'conformity':
    case 'score':
      return item.maxScore;
    case 'choice':
      return hasScoredChoice(item) ? item.maxScore : 0;
    case 'number':
    case 'text':
      return 0;
  }
}

export function scoreItem(
  item: ScorableItem,
  sectionId: string,
  answer: AnswerValue | undefined,
): ItemScore {
  const fullMax = itemMaximum(item);
  const build = (
    status: ItemScoreStatus,
    score: number,
    max: number,
    conformity: ConformityValue | null,
  ) => ({
    itemId: item.id,
    sectionId,
    title: item.title,
    status,
    score,
    max,
    weight: item.weight,
    weightedScore: score * item.weight,
    weightedMax: max * item.weight,
    conformity,
    veto: item.veto,
    vetoTriggered: item.veto && conformity === 'nonconforming',
  });

  if (answer === undefined) return build('unanswered', 0, fullMax, null);
  if (answer.kind !== item.answerKind) return build('invalid', 0, fullMax, null);

  switch (answer.kind) {
    case 'conformity': {
      const v = answer.value;
      if (v === 'not_applicable') return build('not_applicable', 0, 0, v);
      const score = v === 'conforms' ? fullMax : v === 'partial' ? fullMax / 2 : 0;
      return build('scored', score, fullMax, v);
    }
    case 'score':
      return build('scored', clamp(answer.value, 0, fullMax), fullMax, null);
    case 'choice': {
      const choice = (item.choices ?? []).find((c) => c.value === answer.value);
      if (!choice) return build('invalid', 0, fullMax, null);
      if (fullMax === 0) return build('unscored', 0, 0, null);
      return build('scored', clamp(choice.score ?? 0, 0, fullMax), fullMax, null);
    }
    case 'number':
    case 'text':
      return build('unscored', 0, 0, null);
  }
}

/** Scores a whole sheet. `answers` is keyed by item id; missing keys are unanswered items. */
export function scoreSheet(template: ScorableTemplate, answers: AnswerMap): ScoreSheet {
  const thresholds = template.gradeThresholds ?? DEFAULT_GRADE_THRESHOLDS;
  const unanswered: string[] = [];
  const missingRequired: string[] = [];
  const invalid: string[] = [];
  const nonconforming: string[] = [];
  const vetoItemIds: string[] = [];

  const partial = template.sections.map((section) => {
    const items = section.items.map((item) => {
      const result = scoreItem(
        item,
        section.id,
        Object.hasOwn(answers, item.id) ? answers[item.id] : undefined,
      );
      if (result.status === 'unanswered') {
        unanswered.push(item.id);
        if (item.required) missingRequired.push(item.id);
      }
      if (result.status === 'invalid') {
        invalid.push(item.id);
        if (item.required) missingRequired.push(item.id);
      }
      if (result.conformity === 'nonconforming') nonconforming.push(item.id);
      if (result.vetoTriggered) vetoItemIds.push(item.id);
      return result;
    });
    const score = items.reduce((s, i) => s + i.weightedScore, 0);
    const max = items.reduce((s, i) => s + i.weightedMax, 0);
    const counts: SectionCounts = {
      total: items.length,
      answered: items.filter((i) => i.status !== 'unanswered' && i.status !== 'invalid').length,
      unanswered: items.filter((i) => i.status === 'unanswered' || i.status === 'invalid').length,
      notApplicable: items.filter((i) => i.status === 'not_applicable').length,
      nonconforming: items.filter((i) => i.conformity === 'nonconforming').length,
    };
    return { section, items, score, max, counts, exact: max > 0 ? (score * 100) / max : null };
  });

  const taking = partial.filter((p) => p.exact !== null && p.section.weight > 0);
  const weightSum = taking.reduce((s, p) => s + p.section.weight, 0);

  const sections: SectionScore[] = partial.map((p) => {
    const takesPart = p.exact !== null && p.section.weight > 0;
    const effectiveWeight = takesPart ? p.section.weight / weightSum : 0;
    return {
      sectionId: p.section.id,
      title: p.section.title,
      weight: p.section.weight,
      effectiveWeight,
      score: p.score,
      max: p.max,
      percent: p.exact === null ? null : round2(p.exact),
      contribution: takesPart ? round2(effectiveWeight * (p.exact ?? 0)) : 0,
      counts: p.counts,
      items: p.items,
    };
  });

  const overall =
    taking.length === 0
      ? null
      : round2(taking.reduce((s, p) => s + (p.section.weight / weightSum) * (p.exact ?? 0), 0));
  const gradeBeforeVeto = overall === null ? null : gradeFor(overall, thresholds);
  const vetoed = vetoItemIds.length > 0;

  return {
    sections,
    overall,
    grade: vetoed ? 'fail' : gradeBeforeVeto,
    gradeBeforeVeto,
    vetoed,
    vetoItemIds,
    unansweredItemIds: unanswered,
    missingRequiredItemIds: missingRequired,
    invalidItemIds: invalid,
    nonconformingItemIds: nonconforming,
    thresholds,
  };
}

/** Adapts the stored answers of an inspection (`Inspection.answers`) to `scoreSheet`'s input. */
export function answerValues(
  answers: Readonly<Record<string, { answer: AnswerValue } | undefined>>,
): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [id, a] of Object.entries(answers)) if (a) out[id] = a.answer;
  return out;
}
