import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RecordFields, SyncRecord } from '@ducha/shared';
import { jsonb } from '../db/json';
import type { Database } from '../db/database';
import { writeDemoRecords } from '../seed/demo-visit-records';

/*
 * A month of work in June 2026, far from the demo's own dates, so every figure of the dashboard
 * tests is known exactly. Units by demo code: 滨江区 (JN.LJ.BJ) and 临江市财政局 (JN.LJ.CZJ) lie
 * in 孙伟's scope (临江市), 云川市城中区 (JN.YC.CZ) only in the province supervisor's.
 */

export const JUNE = { from: '2026-06-01', to: '2026-06-30' } as const;
export const NOW = '2026-06-20T04:00:00Z';

export interface Fixture {
  units: Record<string, string>;
  openPlanId: string;
  secretPlanId: string;
  midyearPlanId: string;
  secretFindingId: string;
  secretItemId: string;
  midyearVisitId: string;
  openVisitId: string;
  secretVisitId: string;
  findingIds: string[];
}

export async function unitIds(db: Database): Promise<Record<string, string>> {
  const rows = await db.selectFrom('units').select(['id', 'code']).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

function record(
  type: SyncRecord['type'],
  id: string,
  planId: string,
  fields: Record<string, unknown>,
): Omit<SyncRecord, 'version'> {
  return { type, id, planId, deleted: null, fields: fields as RecordFields, stamps: {} };
}

export async function seedJune(db: Database): Promise<Fixture> {
  const units = await unitIds(db);
  const template = await db
    .selectFrom('plans')
    .select(['template_id', 'template_version'])
    .where('kind', '=', 'special')
    .executeTakeFirstOrThrow();
  const midyearTemplate = await db
    .selectFrom('plans')
    .select(['template_id', 'template_version'])
    .where('kind', '=', 'midyear')
    .executeTakeFirstOrThrow();
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('name', '=', '第一检查组')
    .executeTakeFirstOrThrow();
  // The team's leader plans and works them: no supervisor is their creator (who always sees).
  const leader = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'leader')
    .executeTakeFirstOrThrow();

  const plan = async (
    kind: 'special' | 'unannounced' | 'midyear',
    target: string,
    status: 'done' | 'in_progress',
    title: string,
  ) => {
    const id = randomUUID();
    const tpl = kind === 'midyear' ? midyearTemplate : template;
    await db
      .insertInto('plans')
      .values({
        id,
        title,
        kind,
        status,
        confidential: kind === 'unannounced',
        target_unit_id: units[target]!,
        team_id: team.id,
        window_start: '2026-06-01',
        window_end: '2026-06-10',
        template_id: tpl.template_id,
        template_version: tpl.template_version,
        created_by: leader.id,
      })
      .execute();
    return { id, templateId: tpl.template_id, templateVersion: tpl.template_version };
  };

  const open = await plan('special', 'JN.LJ.BJ', 'done', '津贴补贴专项检查（滨江区）');
  const secret = await plan('unannounced', 'JN.LJ.DH', 'in_progress', '四不两直：东湖区机关食堂');
  const midyear = await plan('midyear', 'JN.LJ.CZJ', 'done', '年中督责（临江市财政局）');

  const visit = (
    id: string,
    p: { id: string; templateId: string; templateVersion: number },
    status: string,
    submittedAt: string | null,
  ) =>
    record('inspection', id, p.id, {
      planId: p.id,
      templateId: p.templateId,
      templateVersion: p.templateVersion,
      status,
      startedBy: leader.id,
      startedAt: '2026-06-02T01:00:00Z',
      submittedAt,
      submittedBy: submittedAt ? leader.id : null,
    });
  const finding = (
    id: string,
    p: { id: string },
    inspectionId: string | null,
    unit: string,
    category: string,
    form: string | null,
    title: string,
    createdAt: string,
  ) =>
    record('finding', id, p.id, {
      planId: p.id,
      inspectionId,
      itemId: null,
      unitId: units[unit]!,
      category,
      severity: 'medium',
      title,
      description: `${title}：经查阅台账核实。`,
      moneyInvolvedYuan: null,
      moneyRecoveredYuan: null,
      unitsConcerned: [],
      peopleConcerned: [],
      evidence: [],
      recommendedForm: form,
      isClue: false,
      proposedRectification: null,
      createdBy: leader.id,
      createdAt,
    });

  const openVisitId = randomUUID();
  const midyearVisitId = randomUUID();
  const secretVisitId = randomUUID();
  const findingIds = [randomUUID(), randomUUID(), randomUUID()];
  const secretFindingId = randomUUID();
  await writeDemoRecords(db, [
    visit(openVisitId, open, 'approved', '2026-06-03T02:00:00Z'),
    visit(midyearVisitId, midyear, 'submitted', '2026-06-05T02:00:00Z'),
    visit(secretVisitId, secret, 'draft', null),
    finding(
      findingIds[0]!,
      open,
      openVisitId,
      'JN.LJ.BJ',
      'eight_rules',
      'form1',
      '公务接待超标准',
      '2026-06-03T01:00:00Z',
    ),
    finding(
      findingIds[1]!,
      open,
      openVisitId,
      'JN.LJ.BJ',
      'funds',
      'form2',
      '违规发放津贴补贴',
      '2026-06-03T01:30:00Z',
    ),
    // Named in the open plan but outside 临江市: only the province supervisor counts it.
    finding(
      findingIds[2]!,
      open,
      openVisitId,
      'JN.YC.CZ',
      'funds',
      null,
      '跨区报销差旅费',
      '2026-06-03T01:40:00Z',
    ),
    finding(
      secretFindingId,
      secret,
      secretVisitId,
      'JN.LJ.DH',
      'conduct',
      'form3',
      '东湖区食堂违规宴请',
      '2026-06-04T01:00:00Z',
    ),
  ]);
  // The score visit-score.ts computes on submission.
  await sql`update visit_projection set score = 86.5, grade = 'good', scored_at = now()
    where inspection_id = ${midyearVisitId}::uuid`.execute(db);

  const item = async (
    unit: string,
    deadline: string,
    status: 'closed' | 'in_progress' | 'reopened',
    history: { event: string; from: string; to: string; at: string }[],
    findingId: string | null,
  ) => {
    const id = randomUUID();
    await db
      .insertInto('rectification_items')
      .values({
        id,
        finding_id: findingId,
        title: `整改事项 ${unit} ${deadline}`,
        measures: '按期整改',
        responsible_unit_id: units[unit]!,
        responsible_person: '张某',
        kind: 'deadline',
        deadline,
        status,
        progress: jsonb([]),
        verifications: jsonb([]),
        history: jsonb(history.map((h) => ({ ...h, by: leader.id, role: 'supervisor' }))),
        closed_at: status === 'closed' ? history.at(-1)!.at : null,
        created_by: leader.id,
        created_at: '2026-06-02T00:00:00Z',
      })
      .execute();
    return id;
  };
  const close = (at: string) => [
    { event: 'start', from: 'open', to: 'in_progress', at: '2026-06-04T00:00:00Z' },
    { event: 'submit_for_verification', from: 'in_progress', to: 'reported', at },
    { event: 'verify_pass', from: 'reported', to: 'verified', at },
    { event: 'close', from: 'verified', to: 'closed', at },
  ];
  await item('JN.LJ.BJ', '2026-06-10', 'closed', close('2026-06-09T03:00:00Z'), findingIds[0]!);
  await item('JN.LJ.BJ', '2026-06-12', 'in_progress', close('x').slice(0, 1), findingIds[1]!);
  await item('JN.YC.CZ', '2026-06-11', 'in_progress', close('x').slice(0, 1), findingIds[2]!);
  await item(
    'JN.LJ.BJ',
    '2026-06-08',
    'reopened',
    [
      ...close('2026-06-07T03:00:00Z'),
      { event: 'reopen', from: 'closed', to: 'reopened', at: '2026-06-15T03:00:00Z' },
    ],
    null,
  );
  const secretItemId = await item('JN.LJ.DH', '2026-06-09', 'in_progress', [], secretFindingId);

  return {
    units,
    openPlanId: open.id,
    secretPlanId: secret.id,
    midyearPlanId: midyear.id,
    secretFindingId,
    secretItemId,
    midyearVisitId,
    openVisitId,
    secretVisitId,
    findingIds,
  };
}
