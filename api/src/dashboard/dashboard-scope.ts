import { sql, type RawBuilder } from 'kysely';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { SECRET_WHILE, unitVisibleTo } from '../authz/policy';
import { notFound } from '../trpc/errors';

/*
 * The units a dashboard figure may count: the subtree of the supervisor's scope unit, narrowed to
 * the subtree of the unit filter. Both are subtrees of the materialised path tree, so the scope
 * is one path prefix. A unit filter the caller may not see answers NOT_FOUND, like a missing one.
 */
export interface DashboardScope {
  /** `units.path` prefix; null when the caller oversees no unit (every figure is then zero). */
  prefix: string | null;
}

export async function dashboardScope(
  db: Database,
  user: SessionUser,
  unitId: string | undefined,
): Promise<DashboardScope> {
  const root = unitId ?? user.scopeUnitId;
  if (!root) return { prefix: null };
  const row = await db
    .selectFrom('units')
    .select('units.path')
    .where('units.id', '=', root)
    .where(unitVisibleTo(user))
    .executeTakeFirst();
  if (!row) {
    if (unitId) throw notFound();
    return { prefix: null };
  }
  return { prefix: row.path };
}

/** `unitColumn` names a unit in the scope. */
export function inScope(
  scope: DashboardScope,
  unitColumn: RawBuilder<unknown>,
): RawBuilder<boolean> {
  if (scope.prefix === null) return sql<boolean>`false`;
  return sql<boolean>`${unitColumn} in (select id from units where path like ${`${scope.prefix}%`})`;
}

const secretStatuses = sql.join(SECRET_WHILE.map((s) => sql.lit(s)));

/**
 * The plan aliased `alias` is not under secrecy (authz/policy.ts): nothing of a 四不两直 plan
 * whose visit has not been submitted counts in any figure, for anyone — a count that moved
 * would tell that a unit is about to be visited.
 */
export function planOpen(alias: string): RawBuilder<boolean> {
  const p = sql.ref(alias);
  return sql<boolean>`(not ${p}.confidential or ${p}.revealed_at is not null
    or ${p}.status not in (${secretStatuses}))`;
}
