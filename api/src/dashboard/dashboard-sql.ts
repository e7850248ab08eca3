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

/*
 * Trend buckets as integers, cheap to group a hundred thousand rows by (formatting a date per
 * row costs more than the rest of the query): weeks since the Monday before the epoch, and
 * months since year 0, both in China time. `bucketStart` turns a key into the bucket's first day.
 */
const WEEK_S = 7 * 86_400;
/** 1970-01-01 was a Thursday: three days later than a Monday. */
const MONDAY_SHIFT_S = 3 * 86_400;
const CHINA_S = 8 * 3_600;

export function chinaBucket(
  granularity: 'week' | 'month',
  column: RawBuilder<unknown>,
): RawBuilder<number> {
  if (granularity === 'week') {
    return sql<number>`floor((extract(epoch from ${column}) + ${sql.lit(CHINA_S + MONDAY_SHIFT_S)})
      / ${sql.lit(WEEK_S)})::int`;
  }
  const wall = sql`((${column} at time zone 'UTC') + interval '8 hours')`;
  return sql<number>`(extract(year from ${wall}) * 12 + extract(month from ${wall}) - 1)::int`;
}

export function bucketStart(granularity: 'week' | 'month', key: number): string {
  if (granularity === 'week') {
    return new Date((key * WEEK_S - MONDAY_SHIFT_S) * 1000).toISOString().slice(0, 10);
  }
  const year = Math.floor(key / 12);
  const month = (key % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
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
