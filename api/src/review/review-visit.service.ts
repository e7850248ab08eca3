import { sql } from 'kysely';
import {
  AnswerValue,
  ProposedRectification,
  ReviewComment,
  scoreSheet,
  type PlanKind,
  type ReviewAnswer,
  type ReviewAttachment,
  type ReviewFinding,
  type ReviewNote,
  type ReviewVisit,
  type RecordFields,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { getTemplate } from '../template/template.service';
import { notFound } from '../trpc/errors';
import { reviewDb } from './review.tables';
import { reviewablePlanIds } from './review-scope';

/*
 * One visit as its reviewer reads it: the pinned checklist with every answer and its evidence
 * hashes, the 分项评议表 / 综合评议表 by the shared scoring, notes, attachments, findings with their
 * proposed rectification, and every earlier review remark. The truth is `sync_records`; a visit
 * outside the caller's review scope answers exactly like one that does not exist.
 */

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

interface Row {
  id: string;
  type: string;
  fields: RecordFields;
}

export async function reviewVisit(
  db: Database,
  user: SessionUser,
  inspectionId: string,
): Promise<ReviewVisit> {
  const head = await reviewDb(db)
    .selectFrom('visit_projection as v')
    .innerJoin('plans as p', 'p.id', 'v.plan_id')
    .innerJoin('units as u', 'u.id', 'p.target_unit_id')
    .innerJoin('teams as t', 't.id', 'p.team_id')
    .select([
      'v.inspection_id',
      'v.plan_id',
      'v.status',
      'v.template_id',
      'v.template_version',
      'p.title as plan_title',
      'p.kind as plan_kind',
      'u.id as unit_id',
      'u.name as unit_name',
      't.id as team_id',
      't.name as team_name',
    ])
    .where('v.inspection_id', '=', inspectionId)
    .where('v.deleted', '=', false)
    .where('v.status', '!=', 'draft')
    .where('v.plan_id', 'in', reviewablePlanIds(db, user))
    .executeTakeFirst();
  if (!head || head.template_id === null || head.template_version === null) throw notFound();

  const { rows } = await sql<Row>`
    select type, id, fields from sync_records
    where plan_id = ${head.plan_id} and deleted is null
      and ((type = 'inspection' and id = ${inspectionId})
        or (type in ('answer', 'note', 'attachment', 'finding')
          and fields->>'inspectionId' = ${inspectionId}))`.execute(db);
  const visit = rows.find((r) => r.type === 'inspection');
  if (!visit) throw notFound();
  const of = (type: string) => rows.filter((r) => r.type === type);

  const template = await getTemplate(db, head.template_id, head.template_version);
  const answers: ReviewAnswer[] = of('answer').map(({ fields: f }) => ({
    itemId: String(f.itemId),
    answer: f.answer ?? null,
    remark: str(f.remark) ?? '',
    evidence: strs(f.evidence),
    answeredBy: str(f.answeredBy),
    answeredAt: str(f.answeredAt),
  }));
  const values: Record<string, AnswerValue> = {};
  for (const a of answers) {
    const parsed = AnswerValue.safeParse(a.answer);
    if (parsed.success) values[a.itemId] = parsed.data;
  }

  const findings = of('finding');
  const ledger =
    findings.length === 0
      ? []
      : await db
          .selectFrom('rectification_items')
          .select(['id', 'finding_id'])
          .where(
            'finding_id',
            'in',
            findings.map((f) => f.id),
          )
          .execute();
  const f = visit.fields;
  const people = [str(f.startedBy), str(f.submittedBy)].filter((x): x is string => x !== null);
  const names =
    people.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select('display_name')
          .distinct()
          .where('id', 'in', people)
          .orderBy('display_name')
          .execute();
  const own = people.includes(user.id);

  return {
    inspectionId,
    status: head.status,
    plan: {
      id: head.plan_id,
      title: head.plan_title,
      kind: head.plan_kind as PlanKind,
      team: { id: head.team_id, name: head.team_name },
    },
    unit: { id: head.unit_id, name: head.unit_name },
    inspectors: names.map((n) => n.display_name),
    startedAt: str(f.startedAt),
    submittedAt: str(f.submittedAt),
    returnedAt: str(f.returnedAt),
    approvedAt: str(f.approvedAt),
    template,
    answers,
    sheet: scoreSheet(template, values),
    notes: of('note').map((n): ReviewNote => ({
      id: n.id,
      itemId: str(n.fields.itemId),
      text: str(n.fields.text) ?? str(n.fields.body) ?? '',
      createdBy: str(n.fields.createdBy),
      createdAt: str(n.fields.createdAt),
    })),
    attachments: of('attachment').map((a): ReviewAttachment => ({
      id: a.id,
      sha256: String(a.fields.sha256),
      fileName: str(a.fields.fileName) ?? '',
      mimeType: str(a.fields.mimeType) ?? 'application/octet-stream',
      size: typeof a.fields.size === 'number' ? a.fields.size : 0,
      itemId: str(a.fields.itemId),
    })),
    findings: findings.map(({ id, fields: x }): ReviewFinding => ({
      id,
      itemId: str(x.itemId),
      category: str(x.category) ?? '',
      severity: str(x.severity) ?? '',
      title: str(x.title) ?? '',
      description: str(x.description) ?? '',
      recommendedForm: str(x.recommendedForm),
      isClue: x.isClue === true,
      moneyInvolvedYuan: typeof x.moneyInvolvedYuan === 'number' ? x.moneyInvolvedYuan : null,
      evidence: strs(x.evidence),
      proposedRectification: ProposedRectification.nullable()
        .catch(null)
        .parse(x.proposedRectification ?? null),
      rectificationItemId: ledger.find((l) => l.finding_id === id)?.id ?? null,
    })),
    reviewComments: ReviewComment.array()
      .catch([])
      .parse(f.reviewComments ?? []),
    canDecide: head.status === 'submitted',
    ownVisit: own,
  };
}
