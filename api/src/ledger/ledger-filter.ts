import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { containsPattern, cstDay, type LedgerFilter, type LedgerSortKey } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { ledgerVisibleTo } from './ledger-access';

/*
 * The WHERE clause of a ledger question (list, counts, XLSX export): access first, then the
 * filters, over rectification_items `r` joined to its responsible unit `ru`.
 */

/**
 * The deadline that counts, in SQL: the item's own, or for 立行立改 the creation day (China
 * Standard Time, UTC+8 all year) + 7 — the shared `effectiveDeadline`, which the tests hold it to.
 */
export const EFFECTIVE_DEADLINE = sql`coalesce(r.deadline, case when r.kind = 'immediate'
  then ((r.created_at at time zone 'UTC') + interval '8 hours')::date + 7 end)`;

/** Overdue on `today` (a CST day): the shared `isOverdue`, in SQL. */
export function overdueOn(today: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(r.status not in ('verified', 'closed')
    and ${EFFECTIVE_DEADLINE} < ${today}::date)`;
}

export function ledgerWhere(
  db: Database,
  user: SessionUser,
  filter: LedgerFilter,
  now: Date,
  opts: { withStatus?: boolean; withOverdue?: boolean } = {},
): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [ledgerVisibleTo(db, user)];
  if (filter.unitId) {
    parts.push(
      sql`ru.path like (select fu.path from units fu where fu.id = ${filter.unitId}) || '%'`,
    );
  }
  if (filter.category) {
    // The findings of a category are found once (a hashed sub-plan), not probed per item.
    parts.push(sql`r.finding_id in (select fc.finding_id from finding_projection fc
      where fc.category = ${filter.category})`);
  }
  if (opts.withStatus !== false && filter.statuses && filter.statuses.length > 0) {
    parts.push(sql`r.status in (${sql.join(filter.statuses)})`);
  }
  if (filter.kind) parts.push(sql`r.kind = ${filter.kind}`);
  if (filter.person) parts.push(sql`r.responsible_person ilike ${containsPattern(filter.person)}`);
  if (opts.withOverdue !== false && filter.overdue !== undefined) {
    const overdue = overdueOn(cstDay(now));
    parts.push(filter.overdue ? overdue : sql`not ${overdue}`);
  }
  if (filter.deadlineFrom) parts.push(sql`r.deadline >= ${filter.deadlineFrom}::date`);
  if (filter.deadlineTo) parts.push(sql`r.deadline <= ${filter.deadlineTo}::date`);
  if (filter.q) {
    const p = containsPattern(filter.q);
    parts.push(sql`(r.title ilike ${p} or r.measures ilike ${p}
      or r.responsible_person ilike ${p} or ru.name ilike ${p})`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

const SORT_SQL: Record<LedgerSortKey, RawBuilder<unknown>> = {
  deadline: sql`r.deadline`,
  createdAt: sql`r.created_at`,
  updatedAt: sql`r.updated_at`,
  status: sql`r.status`,
  unit: sql`ru.name`,
  title: sql`r.title`,
};

/** ORDER BY: the chosen column (items without a deadline last either way), then id for paging. */
export function ledgerOrder(sort: LedgerSortKey, desc: boolean): RawBuilder<unknown> {
  const dir = desc ? sql`desc` : sql`asc`;
  return sql`${SORT_SQL[sort]} ${dir} nulls last, r.id ${dir}`;
}
