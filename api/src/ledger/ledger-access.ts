import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo, SECRET_WHILE } from '../authz/policy';
import type { Database } from '../db/database';

/*
 * Which 整改台账 items a caller sees (rectification_items as `r`, joined to its responsible unit
 * as `ru`):
 *
 * - Never an item born of a 四不两直 plan still under secrecy (`r.source_plan_id`, see migration
 *   0010) unless the caller is of that plan's team or planned it: the item names the target unit,
 *   so showing it would tell where the unannounced visit goes.
 * - Supervisor: items whose responsible unit lies in their scope subtree. The ledger is theirs
 *   to run for their region, whichever plan an item came from.
 * - Inspector and team leader: items of plans they may see (their team's), and items of units a
 *   plan they may see targets (a 回头看 team judges the target unit's items on site, the rule
 *   sync-effects applies to 反弹 verdicts).
 * - Administrator: nothing (they keep accounts, not the substance of the ledger; see the
 *   machine's comment in shared/src/ledger/ledger-machine.ts).
 */
export function ledgerVisibleTo(db: Database, user: SessionUser): RawBuilder<SqlBool> {
  if (user.role === 'admin') return sql<SqlBool>`false`;
  const insider =
    user.teamIds.length > 0
      ? sql`(sp.created_by = ${user.id} or sp.team_id in (${sql.join(user.teamIds)}))`
      : sql`sp.created_by = ${user.id}`;
  // The hidden plans are few and found once (a hashed sub-plan), not probed for every item.
  const notSecret = sql<SqlBool>`(r.source_plan_id is null or r.source_plan_id not in (
    select sp.id from plans sp
    where sp.confidential and sp.revealed_at is null
      and sp.status in (${sql.join([...SECRET_WHILE])}) and not ${insider}))`;

  if (user.role === 'supervisor') {
    if (!user.scopeUnitId) return sql<SqlBool>`false`;
    return sql<SqlBool>`(${notSecret} and ru.path like
      (select scope.path from units scope where scope.id = ${user.scopeUnitId}) || '%')`;
  }
  const viaPlan = db
    .selectFrom('plans')
    .innerJoin('units as pt', 'pt.id', 'plans.target_unit_id')
    .select(sql.lit(1).as('one'))
    .where(planVisibleTo(user))
    .where(sql<SqlBool>`(plans.id = r.source_plan_id or ru.path like pt.path || '%')`);
  return sql<SqlBool>`(${notSecret} and exists (${viaPlan}))`;
}
