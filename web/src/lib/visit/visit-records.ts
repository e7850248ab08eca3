import {
  AnswerValue,
  DisciplineForm,
  FindingCategory,
  GeoPoint,
  GradeThresholds,
  InspectionStatus,
  PersonConcerned,
  PlanKind,
  PlanStatus,
  ProposedRectification,
  Severity,
  TemplateSection,
  type SyncRecord,
} from '@ducha/shared';
import { byCodeUnit } from '$lib/format/compare';

/*
 * Typed views of synced records, for the visit screens. Records are JSON written by other
 * devices and other app versions, so each is parsed leniently: a field that does not parse takes
 * a safe default instead of hiding the whole record from the inspector.
 */

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The part of a zod schema used here (web does not depend on zod itself). */
interface Parser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false };
}

function parsed<T>(schema: Parser<T>, v: unknown, fallback: T): T {
  const out = schema.safeParse(v);
  return out.success ? out.data : fallback;
}

export interface PlanView {
  id: string;
  title: string;
  kind: PlanKind | null;
  status: PlanStatus | null;
  confidential: boolean;
  targetUnitId: string | null;
  teamId: string | null;
  windowStart: string;
  windowEnd: string;
  templateId: string | null;
  templateVersion: number | null;
  description: string;
  version: number;
}

export function planView(r: SyncRecord): PlanView {
  const f = r.fields;
  return {
    id: r.id,
    title: str(f.title),
    kind: parsed(PlanKind.nullable(), f.kind, null),
    status: parsed(PlanStatus.nullable(), f.status, null),
    confidential: f.confidential === true,
    targetUnitId: strOrNull(f.targetUnitId),
    teamId: strOrNull(f.teamId),
    windowStart: str(f.windowStart),
    windowEnd: str(f.windowEnd),
    templateId: strOrNull(f.templateId),
    templateVersion: num(f.templateVersion),
    description: str(f.description),
    version: r.version,
  };
}

export interface TemplateView {
  id: string;
  version: number;
  title: string;
  sections: TemplateSection[];
  gradeThresholds: GradeThresholds | undefined;
}

/** A template record's checklist; null when its sections do not parse (nothing to render). */
export function templateView(r: SyncRecord): TemplateView | null {
  const f = r.fields;
  const sections = TemplateSection.array().safeParse(f.sections);
  if (!sections.success) return null;
  const [idPart, versionPart] = r.id.split('@');
  return {
    id: str(f.id, idPart ?? r.id),
    version: num(f.version) ?? Number(versionPart ?? 0),
    title: str(f.title),
    sections: sections.data,
    gradeThresholds: parsed(GradeThresholds.optional(), f.gradeThresholds, undefined),
  };
}

export interface ReviewCommentView {
  itemId: string | null;
  text: string;
}

export interface InspectionView {
  id: string;
  planId: string;
  templateId: string;
  templateVersion: number;
  status: InspectionStatus;
  startedBy: string | null;
  startedAt: string;
  place: GeoPoint | null;
  submittedAt: string | null;
  reviewComments: ReviewCommentView[];
  version: number;
}

/**
 * The comments of the latest return: comments accumulate over successive returns, each stamped
 * with its time, and those of the latest have `at === returnedAt`.
 */
function reviewComments(v: unknown, returnedAt: string | null): ReviewCommentView[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { itemId, text, at } = c as Record<string, unknown>;
    if (typeof text !== 'string') return [];
    if (returnedAt !== null && typeof at === 'string' && at !== returnedAt) return [];
    return [{ itemId: strOrNull(itemId), text }];
  });
}

export function inspectionView(r: SyncRecord): InspectionView {
  const f = r.fields;
  return {
    id: r.id,
    planId: str(f.planId, r.planId ?? ''),
    templateId: str(f.templateId),
    templateVersion: num(f.templateVersion) ?? 0,
    // An unknown status is treated as locked: editing what the server might refuse helps no one.
    status: parsed(InspectionStatus, f.status, 'submitted'),
    startedBy: strOrNull(f.startedBy),
    startedAt: str(f.startedAt),
    place: parsed(GeoPoint.nullable(), f.place, null),
    submittedAt: strOrNull(f.submittedAt),
    reviewComments: reviewComments(f.reviewComments, strOrNull(f.returnedAt)),
    version: r.version,
  };
}

export interface AnswerView {
  itemId: string;
  answer: AnswerValue | null;
  remark: string;
  evidence: string[];
  /** The raw stored values: the `base` of the next patch of each field. */
  raw: { answer: unknown; remark: unknown; evidence: unknown };
  version: number;
}

export function answerView(r: SyncRecord): AnswerView {
  const f = r.fields;
  return {
    itemId: str(f.itemId, r.id.split(':')[1] ?? ''),
    answer: parsed(AnswerValue.nullable(), f.answer ?? null, null),
    remark: str(f.remark),
    evidence: strings(f.evidence),
    raw: { answer: f.answer ?? null, remark: f.remark ?? null, evidence: f.evidence ?? null },
    version: r.version,
  };
}

export interface NoteView {
  id: string;
  inspectionId: string;
  itemId: string | null;
  text: string;
  createdBy: string | null;
  createdAt: string;
  version: number;
}

export function noteView(r: SyncRecord): NoteView {
  const f = r.fields;
  return {
    id: r.id,
    inspectionId: str(f.inspectionId),
    itemId: strOrNull(f.itemId),
    text: str(f.text),
    createdBy: strOrNull(f.createdBy),
    createdAt: str(f.createdAt),
    version: r.version,
  };
}

export interface FindingView {
  id: string;
  planId: string;
  inspectionId: string | null;
  itemId: string | null;
  unitId: string;
  category: FindingCategory | null;
  severity: Severity | null;
  title: string;
  description: string;
  moneyInvolvedYuan: number | null;
  unitsConcerned: string[];
  peopleConcerned: PersonConcerned[];
  evidence: string[];
  recommendedForm: DisciplineForm | null;
  isClue: boolean;
  proposedRectification: ProposedRectification | null;
  createdAt: string;
  /** The raw stored fields: the `base` of the next patch. */
  raw: SyncRecord['fields'];
  version: number;
}

export function findingView(r: SyncRecord): FindingView {
  const f = r.fields;
  return {
    id: r.id,
    planId: str(f.planId, r.planId ?? ''),
    inspectionId: strOrNull(f.inspectionId),
    itemId: strOrNull(f.itemId),
    unitId: str(f.unitId),
    category: parsed(FindingCategory.nullable(), f.category, null),
    severity: parsed(Severity.nullable(), f.severity, null),
    title: str(f.title),
    description: str(f.description),
    moneyInvolvedYuan: num(f.moneyInvolvedYuan),
    unitsConcerned: strings(f.unitsConcerned),
    peopleConcerned: parsed(PersonConcerned.array(), f.peopleConcerned, []),
    evidence: strings(f.evidence),
    recommendedForm: parsed(DisciplineForm.nullable(), f.recommendedForm, null),
    isClue: f.isClue === true,
    proposedRectification: parsed(
      ProposedRectification.nullable(),
      f.proposedRectification ?? null,
      null,
    ),
    createdAt: str(f.createdAt),
    raw: f,
    version: r.version,
  };
}

export interface UnitView {
  id: string;
  name: string;
  parentId: string | null;
}

export function unitView(r: SyncRecord): UnitView {
  return { id: r.id, name: str(r.fields.name), parentId: strOrNull(r.fields.parentId) };
}

/** Newest first by an ISO instant field, ties by id so the order is stable. */
export function newestFirst<T extends { id: string }>(rows: T[], at: (row: T) => string): T[] {
  return [...rows].sort((a, b) => byCodeUnit(at(b), at(a)) || byCodeUnit(a.id, b.id));
}
