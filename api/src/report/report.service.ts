import { sql } from 'kysely';
import {
  AnswerValue,
  ProposedRectification,
  scoreSheet,
  type Grade,
  type ScoreSheet,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo } from '../authz/policy';
import type { Database } from '../db/database';
import { getTemplate } from '../template/template.service';
import { notFound } from '../trpc/errors';

/*
 * The printable inspection report of one visit (检查情况报告): the plan, the unit and team, the
 * 分项评议表 / 综合评议表 computed by the shared scoring over the pinned template version, and
 * every finding with its rectification. Read from the sync records the phones wrote, so the
 * report says what the reviewers see. Access is the visit's: whoever may see its plan
 * (authz/policy.ts planVisibleTo, 四不两直 secrecy included); anyone else gets NOT_FOUND.
 */

export interface ReportRectification {
  /** A ledger item, or what the finding proposed before approval (`proposed`). */
  source: 'ledger' | 'proposed';
  title: string | null;
  measures: string;
  kind: string;
  deadline: string | null;
  status: string | null;
  responsibleUnitName: string | null;
  responsiblePerson: string | null;
}

export interface ReportFinding {
  id: string;
  title: string;
  description: string;
  category: string | null;
  severity: string | null;
  recommendedForm: string | null;
  unitName: string | null;
  moneyInvolvedYuan: number | null;
  moneyRecoveredYuan: number | null;
  isClue: boolean;
  createdAt: string | null;
  rectifications: ReportRectification[];
}

export interface ReportItem {
  itemId: string;
  title: string;
  answer: AnswerValue | null;
  remark: string | null;
  score: number;
  max: number;
  status: string;
  veto: boolean;
  vetoTriggered: boolean;
}

export interface VisitReport {
  inspectionId: string;
  status: string;
  startedAt: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  plan: {
    id: string;
    title: string;
    kind: string;
    windowStart: string;
    windowEnd: string;
    description: string;
  };
  unit: { id: string; name: string };
  team: { name: string; leader: string | null; members: string[] };
  template: { title: string; version: number } | null;
  sheet: {
    sections: {
      title: string;
      weight: number;
      score: number;
      max: number;
      percent: number | null;
      contribution: number;
      items: ReportItem[];
    }[];
    overall: number | null;
    grade: Grade | null;
    vetoed: boolean;
  } | null;
  findings: ReportFinding[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export async function visitReport(
  db: Database,
  user: SessionUser,
  inspectionId: string,
): Promise<VisitReport> {
  const visit = await sql<{ plan_id: string; fields: Record<string, unknown> }>`
    select plan_id, fields from sync_records
    where type = 'inspection' and id = ${inspectionId} and deleted is null`.execute(db);
  const record = visit.rows[0];
  if (!record) throw notFound();
  const plan = await db
    .selectFrom('plans')
    .innerJoin('units', 'units.id', 'plans.target_unit_id')
    .innerJoin('teams', 'teams.id', 'plans.team_id')
    .select([
      'plans.id',
      'plans.title',
      'plans.kind',
      'plans.window_start',
      'plans.window_end',
      'plans.description',
      'plans.team_id',
      'units.id as unit_id',
      'units.name as unit_name',
      'teams.name as team_name',
    ])
    .where('plans.id', '=', record.plan_id)
    .where(planVisibleTo(user))
    .executeTakeFirst();
  if (!plan) throw notFound();

  const [members, answerRows, findingRows] = await Promise.all([
    db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['users.display_name', 'team_members.is_leader'])
      .where('team_members.team_id', '=', plan.team_id)
      .orderBy('team_members.is_leader', 'desc')
      .orderBy('users.display_name')
      .execute(),
    sql<{ fields: Record<string, unknown> }>`
      select fields from sync_records
      where type = 'answer' and plan_id = ${plan.id} and deleted is null
        and fields->>'inspectionId' = ${inspectionId}`.execute(db),
    sql<{ id: string; fields: Record<string, unknown>; unit_name: string | null }>`
      select r.id, r.fields, u.name as unit_name from sync_records r
      left join units u on u.id = sync_uuid(r.fields->>'unitId')
      where r.type = 'finding' and r.plan_id = ${plan.id} and r.deleted is null
        and r.fields->>'inspectionId' = ${inspectionId}
      order by r.fields->>'createdAt', r.id`.execute(db),
  ]);

  const answers: Record<string, AnswerValue> = {};
  const remarks: Record<string, string> = {};
  for (const { fields } of answerRows.rows) {
    const itemId = str(fields.itemId);
    const parsed = AnswerValue.safeParse(fields.answer);
    if (itemId && parsed.success) answers[itemId] = parsed.data;
    if (itemId && str(fields.remark)) remarks[itemId] = str(fields.remark)!;
  }

  const templateId = str(record.fields.templateId);
  const templateVersion = num(record.fields.templateVersion);
  const template =
    templateId && templateVersion !== null
      ? await getTemplate(db, templateId, templateVersion).catch(() => null)
      : null;
  const sheet: ScoreSheet | null = template ? scoreSheet(template, answers) : null;

  const findingIds = findingRows.rows.map((f) => f.id);
  const ledger =
    findingIds.length === 0
      ? []
      : await db
          .selectFrom('rectification_items')
          .innerJoin('units', 'units.id', 'rectification_items.responsible_unit_id')
          .select([
            'rectification_items.finding_id',
            'rectification_items.title',
            'rectification_items.measures',
            'rectification_items.kind',
            'rectification_items.deadline',
            'rectification_items.status',
            'rectification_items.responsible_person',
            'units.name as unit_name',
          ])
          .where('rectification_items.finding_id', 'in', findingIds)
          .orderBy('rectification_items.created_at')
          .execute();

  return {
    inspectionId,
    status: str(record.fields.status) ?? 'draft',
    startedAt: str(record.fields.startedAt),
    submittedAt: str(record.fields.submittedAt),
    approvedAt: str(record.fields.approvedAt),
    plan: {
      id: plan.id,
      title: plan.title,
      kind: plan.kind,
      windowStart: plan.window_start,
      windowEnd: plan.window_end,
      description: plan.description,
    },
    unit: { id: plan.unit_id, name: plan.unit_name },
    team: {
      name: plan.team_name,
      leader: members.find((m) => m.is_leader)?.display_name ?? null,
      members: members.map((m) => m.display_name),
    },
    template: template ? { title: template.title, version: template.version } : null,
    sheet: sheet && {
      sections: sheet.sections.map((s) => ({
        title: s.title,
        weight: s.weight,
        score: s.score,
        max: s.max,
        percent: s.percent,
        contribution: s.contribution,
        items: s.items.map((i) => ({
          itemId: i.itemId,
          title: i.title,
          answer: answers[i.itemId] ?? null,
          remark: remarks[i.itemId] ?? null,
          score: i.score,
          max: i.max,
          status: i.status,
          veto: i.veto,
          vetoTriggered: i.vetoTriggered,
        })),
      })),
      overall: sheet.overall,
      grade: sheet.grade,
      vetoed: sheet.vetoed,
    },
    findings: findingRows.rows.map(({ id, fields, unit_name }) => {
      const items = ledger.filter((l) => l.finding_id === id);
      const proposed = ProposedRectification.safeParse(fields.proposedRectification);
      const rectifications: ReportRectification[] =
        items.length > 0
          ? items.map((l) => ({
              source: 'ledger',
              title: l.title,
              measures: l.measures,
              kind: l.kind,
              deadline: l.deadline,
              status: l.status,
              responsibleUnitName: l.unit_name,
              responsiblePerson: l.responsible_person,
            }))
          : proposed.success
            ? [
                {
                  source: 'proposed',
                  title: null,
                  measures: proposed.data.measures,
                  kind: proposed.data.kind,
                  deadline: proposed.data.deadline,
                  status: null,
                  responsibleUnitName: null,
                  responsiblePerson: null,
                },
              ]
            : [];
      return {
        id,
        title: str(fields.title) ?? '',
        description: str(fields.description) ?? '',
        category: str(fields.category),
        severity: str(fields.severity),
        recommendedForm: str(fields.recommendedForm),
        unitName: unit_name,
        moneyInvolvedYuan: num(fields.moneyInvolvedYuan),
        moneyRecoveredYuan: num(fields.moneyRecoveredYuan),
        isClue: fields.isClue === true,
        createdAt: str(fields.createdAt),
        rectifications,
      };
    }),
  };
}
