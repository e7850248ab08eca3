import {
  answerValues,
  checkCompleteness,
  isInspectionEditable,
  scoreSheet,
  type InspectionStatus,
  type ScoreSheet,
  type TemplateItem,
} from '@ducha/shared';
import { draftFromFinding, findingProblems, type FindingProblem } from './finding-draft';
import type { VerdictIssue } from './follow-up';
import type { AnswerView, FindingView, TemplateView } from './visit-records';

/*
 * The visit's pure rules: the live score sheet (shared scoring, never reimplemented here), what
 * blocks submission, and where "next unanswered" goes.
 */

export type AnswerMap = ReadonlyMap<string, AnswerView>;

/** Answers keyed by item id, only those with a value (a remark alone answers nothing). */
function answered(answers: AnswerMap) {
  const out: Record<string, { answer: NonNullable<AnswerView['answer']>; evidence: string[] }> = {};
  for (const [itemId, a] of answers) {
    if (a.answer !== null) out[itemId] = { answer: a.answer, evidence: a.evidence };
  }
  return out;
}

export function sheetFor(template: TemplateView, answers: AnswerMap): ScoreSheet {
  return scoreSheet(template, answerValues(answered(answers)));
}

export type SubmitIssue =
  | { kind: 'required'; itemId: string; sectionId: string; title: string }
  | { kind: 'evidence'; itemId: string; sectionId: string; title: string }
  | { kind: 'finding'; findingId: string; title: string; problems: FindingProblem[] }
  | VerdictIssue
  | { kind: 'template' }
  | { kind: 'locked' };

/**
 * Everything that stops the visit from being submitted, in screen order (a 回头看's targets
 * without a verdict, then the checklist, then findings); empty: ready.
 */
export function submitIssues(input: {
  status: InspectionStatus;
  template: TemplateView | null;
  answers: AnswerMap;
  findings: readonly FindingView[];
  /** 回头看: the targets still without a verdict (`missingVerdicts`). */
  unjudged?: readonly VerdictIssue[];
}): SubmitIssue[] {
  if (!isInspectionEditable(input.status)) return [{ kind: 'locked' }];
  if (!input.template) return [{ kind: 'template' }];
  const issues: SubmitIssue[] = [...(input.unjudged ?? [])];
  const where = itemIndex(input.template);
  const c = checkCompleteness(input.template.sections, answered(input.answers));
  const missing = new Set(c.missingRequiredItemIds);
  const noEvidence = new Set(c.missingEvidenceItemIds);
  for (const [itemId, { sectionId, item }] of where) {
    if (missing.has(itemId))
      issues.push({ kind: 'required', itemId, sectionId, title: item.title });
    if (noEvidence.has(itemId)) {
      issues.push({ kind: 'evidence', itemId, sectionId, title: item.title });
    }
  }
  for (const f of input.findings) {
    const problems = findingProblems(draftFromFinding(f));
    if (problems.length > 0) {
      issues.push({ kind: 'finding', findingId: f.id, title: f.title, problems });
    }
  }
  return issues;
}

/** Item id → its section and definition, in checklist order. */
export function itemIndex(
  template: TemplateView,
): Map<string, { sectionId: string; item: TemplateItem }> {
  const out = new Map<string, { sectionId: string; item: TemplateItem }>();
  for (const s of template.sections)
    for (const item of s.items) out.set(item.id, { sectionId: s.id, item });
  return out;
}

/**
 * The first unanswered item after `afterItemId` in checklist order, wrapping around; null when
 * every item is answered. Without `afterItemId`, the first unanswered item.
 */
export function nextUnanswered(
  template: TemplateView,
  answers: AnswerMap,
  afterItemId: string | null = null,
): { itemId: string; sectionId: string } | null {
  const order = [...itemIndex(template)];
  const start = afterItemId === null ? 0 : order.findIndex(([id]) => id === afterItemId) + 1;
  for (let i = 0; i < order.length; i++) {
    const [itemId, { sectionId }] = order[(start + i) % order.length]!;
    if (itemId === afterItemId) continue;
    if ((answers.get(itemId)?.answer ?? null) === null) return { itemId, sectionId };
  }
  return null;
}

/** Review comments of a returned visit by item id; `null` key: about the visit as a whole. */
export function commentsByItem(
  comments: readonly { itemId: string | null; text: string }[],
): Map<string | null, string[]> {
  const out = new Map<string | null, string[]>();
  for (const c of comments) out.set(c.itemId, [...(out.get(c.itemId) ?? []), c.text]);
  return out;
}

/**
 * Every file something of the visit already holds as its evidence (an item's answer, a finding, a
 * 回头看 verdict, a 约谈's signature): the visit's own photos are the visit's other attachments.
 */
export function referencedEvidence(lists: Iterable<Iterable<string>>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const list of lists) for (const sha256 of list) out.add(sha256);
  return out;
}

export interface CommentedItem {
  itemId: string;
  sectionId: string;
  title: string;
  code: string | null;
  comments: readonly string[];
}

/**
 * The items a returned visit's reviewer commented on, in checklist order (comments on items the
 * pinned template does not have are left out: there is nowhere to go).
 */
export function commentedItems(
  template: TemplateView,
  comments: ReadonlyMap<string | null, readonly string[]>,
): CommentedItem[] {
  const out: CommentedItem[] = [];
  for (const [itemId, { sectionId, item }] of itemIndex(template)) {
    const texts = comments.get(itemId);
    if (texts && texts.length > 0) {
      out.push({ itemId, sectionId, title: item.title, code: item.code ?? null, comments: texts });
    }
  }
  return out;
}

/** How many reviewer comments each section's items have (sections without any left out). */
export function commentCountBySection(items: readonly CommentedItem[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(i.sectionId, (out.get(i.sectionId) ?? 0) + i.comments.length);
  return out;
}
