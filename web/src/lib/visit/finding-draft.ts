import {
  jsonEqual,
  type DisciplineForm,
  type FindingCategory,
  type JsonValue,
  type RecordFields,
  type RectificationKind,
  type Severity,
  type TemplateItem,
} from '@ducha/shared';
import type { FindingFields } from './visit.service';
import type { AnswerView, FindingView } from './visit-records';

/** The finding form as typed: strings and empty choices until it is valid. */
export interface FindingDraft {
  category: FindingCategory | '';
  severity: Severity | '';
  title: string;
  description: string;
  /** 元, as typed ("12,345.6"). */
  money: string;
  unitsConcerned: string[];
  people: { name: string; position: string; unitId: string | null }[];
  recommendedForm: DisciplineForm | '';
  isClue: boolean;
  rectificationKind: RectificationKind | '';
  measures: string;
  /** YYYY-MM-DD or empty. */
  deadline: string;
  /** SHA-256s of the photos and files attached as evidence (stored on the device). */
  evidence: string[];
}

export type FindingProblem =
  'category' | 'severity' | 'title' | 'description' | 'money' | 'people' | 'measures' | 'deadline';

export function emptyDraft(): FindingDraft {
  return {
    category: '',
    severity: '',
    title: '',
    description: '',
    money: '',
    unitsConcerned: [],
    people: [],
    recommendedForm: '',
    isClue: false,
    rectificationKind: '',
    measures: '',
    deadline: '',
    evidence: [],
  };
}

/** A finding from a failed item: its title and what the inspector wrote about it. */
export function draftFromItem(
  item: Pick<TemplateItem, 'title'>,
  answer?: AnswerView,
): FindingDraft {
  const remark = answer?.remark.trim() ?? '';
  return {
    ...emptyDraft(),
    title: item.title.slice(0, 200),
    description: remark,
    severity: 'medium',
  };
}

export function draftFromFinding(f: FindingView): FindingDraft {
  const r = f.proposedRectification;
  return {
    category: f.category ?? '',
    severity: f.severity ?? '',
    title: f.title,
    description: f.description,
    money: f.moneyInvolvedYuan === null ? '' : String(f.moneyInvolvedYuan),
    unitsConcerned: [...f.unitsConcerned],
    people: f.peopleConcerned.map((p) => ({
      name: p.name,
      position: p.position,
      unitId: p.unitId,
    })),
    recommendedForm: f.recommendedForm ?? '',
    isClue: f.isClue,
    rectificationKind: r?.kind ?? '',
    measures: r?.measures ?? '',
    deadline: r?.deadline ?? '',
    evidence: [...f.evidence],
  };
}

/** 元 as typed → a number of fen precision; null when empty; undefined when not a valid amount. */
export function parseYuan(text: string): number | null | undefined {
  const t = text.replace(/[,，\s]/g, '').replace(/元$/, '');
  if (t === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 1e13 ? Math.round(n * 100) / 100 : undefined;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What keeps a draft from being saved, in form order. */
export function findingProblems(d: FindingDraft): FindingProblem[] {
  const out: FindingProblem[] = [];
  if (d.category === '') out.push('category');
  if (d.severity === '') out.push('severity');
  if (d.title.trim() === '' || d.title.trim().length > 200) out.push('title');
  if (d.description.trim() === '') out.push('description');
  if (parseYuan(d.money) === undefined) out.push('money');
  if (d.people.some((p) => p.name.trim() === '' || p.name.trim().length > 200)) out.push('people');
  const rectifying = d.rectificationKind !== '' || d.measures.trim() !== '' || d.deadline !== '';
  if (rectifying && (d.rectificationKind === '' || d.measures.trim() === '')) out.push('measures');
  if (d.deadline !== '' && !ISO_DAY.test(d.deadline)) out.push('deadline');
  else if (d.rectificationKind === 'deadline' && d.deadline === '') out.push('deadline');
  return out;
}

/** The finding's editable fields, or the problems that keep the draft from being saved. */
export function draftToFields(
  d: FindingDraft,
): { ok: true; fields: FindingFields } | { ok: false; problems: FindingProblem[] } {
  const problems = findingProblems(d);
  if (problems.length > 0 || d.category === '' || d.severity === '') {
    return { ok: false, problems };
  }
  const money = parseYuan(d.money) ?? null;
  return {
    ok: true,
    fields: {
      category: d.category,
      severity: d.severity,
      title: d.title.trim(),
      description: d.description.trim(),
      moneyInvolvedYuan: money,
      unitsConcerned: [...new Set(d.unitsConcerned)],
      peopleConcerned: d.people.map((p) => ({
        name: p.name.trim(),
        position: p.position.trim(),
        unitId: p.unitId,
      })),
      evidence: [...new Set(d.evidence)],
      recommendedForm: d.recommendedForm === '' ? null : d.recommendedForm,
      isClue: d.isClue,
      proposedRectification:
        d.rectificationKind === ''
          ? null
          : {
              kind: d.rectificationKind,
              measures: d.measures.trim(),
              deadline: d.deadline === '' ? null : d.deadline,
            },
    },
  };
}

/** The draft with one more file as evidence (none added twice). */
export function withEvidence(d: FindingDraft, sha256: string): string[] {
  return d.evidence.includes(sha256) ? d.evidence : [...d.evidence, sha256];
}

/** Only the fields that differ from what the user saw: each merges on its own on the server. */
export function changedFields(seen: RecordFields, fields: FindingFields): RecordFields {
  const out: RecordFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const value = v as JsonValue;
    const before = seen[k] ?? null;
    // A list field the record never had reads as empty on the screen: empty is no change.
    if (before === null && Array.isArray(value) && value.length === 0) continue;
    if (!jsonEqual(before, value)) out[k] = value;
  }
  return out;
}
