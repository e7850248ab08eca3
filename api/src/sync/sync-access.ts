import { sql, type Kysely } from 'kysely';
import type { PlanAccess } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { planReviewableBy, planVisibleTo } from '../authz/policy';
import type { DB } from '../db/schema';

/*
 * What a caller may do with a plan's synced records, from THE policy (authz/policy.ts): a plan
 * the caller may not see is 'none' (the handlers answer "not found"); members of the plan's team
 * write; anyone else who may see it (its planner, an admin, a supervisor of the region) reads.
 */
export async function loadPlanAccess(
  db: Kysely<DB>,
  user: SessionUser,
  planId: string,
): Promise<PlanAccess> {
  // FOR SHARE: a concurrent reassignment of the plan makes this transaction retry instead of
  // writing into a plan the caller just lost.
  const row = await db
    .selectFrom('plans')
    .select('plans.team_id')
    .where('plans.id', '=', planId)
    .where(planVisibleTo(user))
    .forShare()
    .executeTakeFirst();
  if (!row) return 'none';
  return user.teamIds.includes(row.team_id) ? 'write' : 'read';
}

/** `loadPlanAccess` for several plans in one query (a whole push); unseen plans are 'none'. */
export async function loadPlanAccessMany(
  db: Kysely<DB>,
  user: SessionUser,
  planIds: readonly string[],
): Promise<Map<string, PlanAccess>> {
  const access = new Map<string, PlanAccess>(planIds.map((id) => [id, 'none']));
  if (planIds.length === 0) return access;
  const rows = await db
    .selectFrom('plans')
    .select(['plans.id', 'plans.team_id'])
    .where('plans.id', 'in', [...access.keys()])
    .where(planVisibleTo(user))
    .forShare()
    .execute();
  for (const row of rows) access.set(row.id, user.teamIds.includes(row.team_id) ? 'write' : 'read');
  return access;
}

/** Whether `user` may review the plan's visits (return one to its team), from the policy. */
export async function loadReviewRight(
  db: Kysely<DB>,
  user: SessionUser,
  planId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('plans')
    .select('plans.id')
    .where('plans.id', '=', planId)
    .where(planReviewableBy(user))
    .forShare()
    .executeTakeFirst();
  return row !== undefined;
}

/** The subquery of plan ids `user` may see, for filtering pulled changes. */
export function visiblePlanIds(db: Kysely<DB>, user: SessionUser) {
  return sql`(${db.selectFrom('plans').select('plans.id').where(planVisibleTo(user))})`;
}
