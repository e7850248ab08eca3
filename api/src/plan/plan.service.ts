import type { NamedRef, PlanDetail, PlanListItem } from '@ducha/shared';
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

/**
 * The members of these teams by display name, leaders first: a device names who changed a
 * record from them (the sync records carry user ids only). Whoever may see a plan may see who
 * is on its team.
 */
async function teamMembers(
  db: Database,
  teamIds: readonly string[],
): Promise<Map<string, NamedRef[]>> {
  const out = new Map<string, NamedRef[]>();
  if (teamIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['team_members.team_id', 'users.id', 'users.display_name'])
    .where('team_members.team_id', 'in', [...new Set(teamIds)])
    .orderBy('team_members.is_leader', 'desc')
    .orderBy('users.username')
    .execute();
  for (const r of rows) {
    const list = out.get(r.team_id) ?? [];
    list.push({ id: r.id, name: r.display_name });
    out.set(r.team_id, list);
  }
  return out;
}

/** The caller's plans (see authz/policy.ts), soonest window first. */
export async function listPlans(db: Database, user: SessionUser): Promise<PlanListItem[]> {
  const rows = await plansFor(db, user)
    .orderBy('plans.window_start')
    .orderBy('plans.title')
    .execute();
  const members = await teamMembers(
    db,
    rows.map((r) => r.team_id),
  );
  return rows.map((r) => ({ ...toListItem(r), teamMembers: members.get(r.team_id) ?? [] }));
}

export async function getPlan(db: Database, user: SessionUser, id: string): Promise<PlanDetail> {
  const row = await plansFor(db, user).where('plans.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const members = await teamMembers(db, [row.team_id]);
  return {
    ...toListItem(row),
    teamMembers: members.get(row.team_id) ?? [],
    description: row.description,
    followUpOfPlanId: row.follow_up_of_plan_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
