import type { PlanDetail, PlanListItem } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { planVisibleTo } from '../authz/policy';
import { notFound } from '../trpc/errors';

function plansFor(db: Database, user: SessionUser) {
  return db
    .selectFrom('plans')
    .innerJoin('units', 'units.id', 'plans.target_unit_id')
    .innerJoin('teams', 'teams.id', 'plans.team_id')
    .select([
      'plans.id',
      'plans.title',
      'plans.kind',
      'plans.status',
      'plans.confidential',
      'plans.target_unit_id',
      'units.name as target_unit_name',
      'plans.team_id',
      'teams.name as team_name',
      'plans.window_start',
      'plans.window_end',
      'plans.template_id',
      'plans.template_version',
      'plans.description',
      'plans.follow_up_of_plan_id',
      'plans.created_at',
      'plans.updated_at',
    ])
    .where(planVisibleTo(user));
}

type PlanJoinRow = Awaited<ReturnType<ReturnType<typeof plansFor>['executeTakeFirstOrThrow']>>;

function toListItem(r: PlanJoinRow): PlanListItem {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    confidential: r.confidential,
    targetUnit: { id: r.target_unit_id, name: r.target_unit_name },
    team: { id: r.team_id, name: r.team_name },
    windowStart: r.window_start,
    windowEnd: r.window_end,
    templateId: r.template_id,
    templateVersion: r.template_version,
  };
}

/** The caller's plans (see authz/policy.ts), soonest window first. */
export async function listPlans(db: Database, user: SessionUser): Promise<PlanListItem[]> {
  const rows = await plansFor(db, user)
    .orderBy('plans.window_start')
    .orderBy('plans.title')
    .execute();
  return rows.map(toListItem);
}

export async function getPlan(db: Database, user: SessionUser, id: string): Promise<PlanDetail> {
  const row = await plansFor(db, user).where('plans.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return {
    ...toListItem(row),
    description: row.description,
    followUpOfPlanId: row.follow_up_of_plan_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
