import { sql } from 'kysely';
import {
  FINDING_CATEGORIES,
  addDays,
  chinaDate,
  compareCounts,
  periodBounds,
  periodOf,
  previousPeriod,
  topRanked,
  type Compared,
  type DashboardSummaryInput,
  type Period,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import {
  dashboardScope,
  inScope,
  ledgerEventsIn,
  ledgerItemsIn,
  notSecretPlan,
  planOpen,
  unitInScope,
  type DashboardScope,
} from './dashboard-scope';
import { countAll, effectiveDeadline, effectiveDeadlineWithin } from './dashboard-sql';

/*
 * 周调度 / 旬分析 / 月总结: the figures of one period next to the period before, as data — the
 * console words and prints them in the reader's language.
 */

interface PeriodFigures {
  visits: number;
  findings: number;
  byCategory: Map<string, number>;
  created: number;
  closed: number;
  /** Items whose deadline passed during the period without being closed by then. */
  wentOverdue: number;
  relapses: number;
  byUnit: { id: string; name: string; count: number }[];
}

async function periodFigures(
  db: Database,
  scope: DashboardScope,
  period: Period,
  today: string,
): Promise<PeriodFigures> {
  const { from, until } = periodBounds(period);
  const deadline = effectiveDeadline('r');
  // The instant the deadline's China day ends.
  const deadlineEnd = sql`((${deadline} + 1)::timestamp - interval '8 hours') at time zone 'UTC'`;
  const createdInPeriod = sql`r.created_at >= ${from} and r.created_at < ${until}`;
  // An item went overdue on the day after its deadline, so its deadline is the day before one
  // of the period's days.
  const lapsedInPeriod = effectiveDeadlineWithin(
    'r',
    addDays(period.start, -1),
    addDays(period.end, -1),
  );

  const [findings, visits, ledger, events] = await Promise.all([
    sql<{ unit_id: string; unit_name: string; category: string; n: number }>`
      select f.unit_id, u.name as unit_name, coalesce(f.category, 'other') as category,
        ${countAll} as n
      from finding_projection f
      join units u on u.id = f.unit_id
      where not f.deleted and f.created_at >= ${from} and f.created_at < ${until}
        and ${unitInScope(scope, 'u')} and ${notSecretPlan(sql`f.plan_id`)}
      group by f.unit_id, u.name, 3`.execute(db),
    sql<{ n: number }>`
      select ${countAll} as n
      from visit_projection v join plans p on p.id = v.plan_id
      where not v.deleted and v.status in ('submitted', 'approved')
        and v.submitted_at >= ${from} and v.submitted_at < ${until}
        and ${inScope(scope, sql`p.target_unit_id`)} and ${planOpen('p')}`.execute(db),
    // Count an item in the period holding the day it went overdue if its status then (its
    // last event before) was not verified or closed. Deadlines still running do not count.
    sql<{ created: number; went_overdue: number }>`
      select
        count(*) filter (where ${createdInPeriod})::int as created,
        count(*) filter (where ${lapsedInPeriod} and ${deadline} < ${today}::date
          and coalesce((select e.to_status from ledger_events e
              where e.item_id = r.id and e.at < ${deadlineEnd}
              order by e.at desc, e.seq desc nulls first limit 1), 'open')
            not in ('verified', 'closed'))::int as went_overdue
      from ${ledgerItemsIn(scope)} and (${lapsedInPeriod} or (${createdInPeriod}))`.execute(db),
    sql<{ to_status: string; n: number }>`
      select e.to_status, ${countAll} as n
      from ${ledgerEventsIn(scope)}
        and e.to_status in ('closed', 'reopened') and e.at >= ${from} and e.at < ${until}
      group by e.to_status`.execute(db),
  ]);

  const byCategory = new Map<string, number>(FINDING_CATEGORIES.map((c) => [c, 0]));
  const byUnit = new Map<string, { id: string; name: string; count: number }>();
  let total = 0;
  for (const r of findings.rows) {
    total += r.n;
    byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.n);
    const unit = byUnit.get(r.unit_id) ?? { id: r.unit_id, name: r.unit_name, count: 0 };
    unit.count += r.n;
    byUnit.set(r.unit_id, unit);
  }
  const event = (s: string) => events.rows.find((e) => e.to_status === s)?.n ?? 0;
  return {
    visits: visits.rows[0]?.n ?? 0,
    findings: total,
    byCategory,
    created: ledger.rows[0]?.created ?? 0,
    closed: event('closed'),
    wentOverdue: ledger.rows[0]?.went_overdue ?? 0,
    relapses: event('reopened'),
    byUnit: [...byUnit.values()],
  };
}

export interface DashboardSummary {
  period: Period;
  previous: Period;
  /** The China day the figures were taken (a period still running is partial). */
  asOf: string;
  visits: Compared;
  findings: Compared;
  byCategory: ({ category: string } & Compared)[];
  created: Compared;
  closed: Compared;
  wentOverdue: Compared;
  relapses: Compared;
  /** Units with the most findings in the period. */
  topUnits: { unitId: string; unitName: string; count: number }[];
}

export async function periodSummary(
  db: Database,
  user: SessionUser,
  input: DashboardSummaryInput,
  now: Date,
): Promise<DashboardSummary> {
  const scope = await dashboardScope(db, user, input.unitId);
  const period = periodOf(input.kind, input.date);
  const previous = previousPeriod(period);
  const today = chinaDate(now);
  const cur = await periodFigures(db, scope, period, today);
  const prev = await periodFigures(db, scope, previous, today);
  return {
    period,
    previous,
    asOf: today,
    visits: compareCounts(cur.visits, prev.visits),
    findings: compareCounts(cur.findings, prev.findings),
    byCategory: FINDING_CATEGORIES.map((category) => ({
      category,
      ...compareCounts(cur.byCategory.get(category) ?? 0, prev.byCategory.get(category) ?? 0),
    })),
    created: compareCounts(cur.created, prev.created),
    closed: compareCounts(cur.closed, prev.closed),
    wentOverdue: compareCounts(cur.wentOverdue, prev.wentOverdue),
    relapses: compareCounts(cur.relapses, prev.relapses),
    topUnits: topRanked(cur.byUnit, 5).map((u) => ({
      unitId: u.id,
      unitName: u.name,
      count: u.count,
    })),
  };
}
