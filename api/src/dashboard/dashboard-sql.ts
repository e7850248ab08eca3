import { sql, type RawBuilder } from 'kysely';
import { IMMEDIATE_DEFAULT_DAYS, addDays, dayRangeBounds } from '@ducha/shared';

/*
 * SQL pieces shared by the dashboard queries. Days are China days (UTC+8, no daylight saving),
 * like shared/src/dashboard/period.ts and the ledger's overdue rule.
 */

/** The China-time calendar day of a timestamptz column. */
export function chinaDay(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`((${column} at time zone 'UTC') + interval '8 hours')::date`;
}

/** The first day of the week (Monday) or month holding a timestamptz, in China time. */
export function chinaBucket(
  granularity: 'week' | 'month',
  column: RawBuilder<unknown>,
): RawBuilder<string> {
  return sql<string>`to_char(date_trunc(${sql.lit(granularity)},
    (${column} at time zone 'UTC') + interval '8 hours'), 'YYYY-MM-DD')`;
}

/** The ledger's effective deadline (shared effectiveDeadline): 立行立改 without one gets a week. */
export function effectiveDeadline(alias: string): RawBuilder<string> {
  const r = sql.ref(alias);
  return sql<string>`coalesce(${r}.deadline, case when ${r}.kind = 'immediate'
    then ${chinaDay(sql`${r}.created_at`)} + ${sql.lit(IMMEDIATE_DEFAULT_DAYS)} end)`;
}

/** count(*) as a JS number (bigint comes back as a string). */
export const countAll = sql<number>`count(*)::int`;

/**
 * The item aliased `alias` has its effective deadline within the China days [first, last], as
 * conditions the deadline and created_at indexes can answer (an expression over both could
 * only be checked row by row).
 */
export function effectiveDeadlineWithin(
  alias: string,
  first: string,
  last: string,
): RawBuilder<boolean> {
  const r = sql.ref(alias);
  const created = dayRangeBounds(
    addDays(first, -IMMEDIATE_DEFAULT_DAYS),
    addDays(last, -IMMEDIATE_DEFAULT_DAYS),
  );
  return sql<boolean>`((${r}.deadline between ${first}::date and ${last}::date)
    or (${r}.deadline is null and ${r}.kind = 'immediate'
      and ${r}.created_at >= ${created.from} and ${r}.created_at < ${created.until}))`;
}
