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

/*
 * The same rule as an exclusion list: plans under secrecy are few (unannounced visits not yet
 * made), so "not one of them" is a small hashed set, where "open" would have to join every
 * finding or ledger item to its plan.
 */
const secretPlanIds = sql`select sp.id from plans sp where sp.confidential
  and sp.revealed_at is null and sp.status in (${secretStatuses})`;

/** `planIdColumn` (never null) is not a plan under secrecy. */
export function notSecretPlan(planIdColumn: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`${planIdColumn} not in (${secretPlanIds})`;
}

/** The ledger item aliased `alias` does not come from a finding of a plan under secrecy. */
export function notSecretItem(alias: string): RawBuilder<boolean> {
  const r = sql.ref(alias);
  return sql<boolean>`(${r}.finding_id is null or ${r}.finding_id not in (
    select sf.finding_id from finding_projection sf where sf.plan_id in (${secretPlanIds})))`;
}

/**
 * The ledger items in scope, aliased `r`, with their responsible unit `u`; callers append
 * `and …` conditions.
 */
export function ledgerItemsIn(scope: DashboardScope): RawBuilder<unknown> {
  if (scope.prefix === null) return sql`rectification_items r join units u on false where false`;
  return sql`rectification_items r join units u on u.id = r.responsible_unit_id
    where u.path like ${`${scope.prefix}%`} and ${notSecretItem('r')}`;
}

/** `units` aliased `alias` lies in the scope. */
export function unitInScope(scope: DashboardScope, alias: string): RawBuilder<boolean> {
  if (scope.prefix === null) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(alias)}.path like ${`${scope.prefix}%`}`;
}

/** The status changes (ledger_events, aliased `e`) of the ledger items in scope. */
export function ledgerEventsIn(scope: DashboardScope): RawBuilder<unknown> {
  if (scope.prefix === null) return sql`ledger_events e join units u on false where false`;
  return sql`ledger_events e join units u on u.id = e.unit_id
    where u.path like ${`${scope.prefix}%`} and ${notSecretItem('e')}`;
}
