import { sql } from 'kysely';
import {
  DISCIPLINE_FORMS,
  FINDING_CATEGORIES,
  chinaDate,
  dayRangeBounds,
  rectificationRate,
  trendBuckets,
  type DashboardFilter,
  type DashboardTrendsInput,
  type RecentVisitsInput,
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
} from './dashboard-scope';
import {
  bucketStart,
  chinaBucket,
  countAll,
  effectiveDeadline,
  effectiveDeadlineWithin,
} from './dashboard-sql';

/*
 * The supervisor's dashboard: every figure over the read models (finding_projection,
 * visit_projection, migration 0009), the 整改台账 and its status changes (ledger_events, 0012),
 * restricted to the caller's scope (dashboard-scope.ts) and to plans not under secrecy.
 */

export interface UnitCount {
  unitId: string;
  unitName: string;
  count: number;
}

export interface FindingFigures {
  total: number;
  byUnit: UnitCount[];
  byCategory: { category: string; count: number }[];
  /** 四种形态; `none` for findings that recommend no form. */
  byForm: { form: string; count: number }[];
}

function bounds(filter: DashboardFilter) {
  return dayRangeBounds(filter.from, filter.to);
}

export async function findingFigures(
  db: Database,
  user: SessionUser,
  filter: DashboardFilter,
): Promise<FindingFigures> {
  const scope = await dashboardScope(db, user, filter.unitId);
  const { from, until } = bounds(filter);
  // One scan grouped by all three keys; the three breakdowns are folded from it.
  const { rows } = await sql<{
    unit_id: string;
    unit_name: string;
    category: string;
    form: string;
    n: number;
  }>`
    select f.unit_id, u.name as unit_name, coalesce(f.category, 'other') as category,
      coalesce(f.recommended_form, 'none') as form, ${countAll} as n
    from finding_projection f
    join units u on u.id = f.unit_id
    where not f.deleted and f.created_at >= ${from} and f.created_at < ${until}
      and ${unitInScope(scope, 'u')} and ${notSecretPlan(sql`f.plan_id`)}
    group by f.unit_id, u.name, 3, 4`.execute(db);

  const byUnit = new Map<string, UnitCount>();
  const byCategory = new Map<string, number>(FINDING_CATEGORIES.map((c) => [c, 0]));
  const byForm = new Map<string, number>([...DISCIPLINE_FORMS, 'none'].map((f) => [f, 0]));
  let total = 0;
  for (const r of rows) {
    total += r.n;
    const unit = byUnit.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, count: 0 };
    unit.count += r.n;
    byUnit.set(r.unit_id, unit);
    byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.n);
    byForm.set(r.form, (byForm.get(r.form) ?? 0) + r.n);
  }
  return {
    total,
    byUnit: [...byUnit.values()].sort(
      (a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName, 'zh-CN'),
    ),
    byCategory: [...byCategory].map(([category, count]) => ({ category, count })),
    byForm: [...byForm].map(([form, count]) => ({ form, count })),
  };
}

export interface OverdueItem {
  id: string;
  title: string;
  unitId: string;
  unitName: string;
  deadline: string;
  status: string;
}

export interface LedgerFigures {
  /** Items whose (effective) deadline fell in the range and has passed. */
  due: number;
  /** Of those, closed (销号). */
  closedOfDue: number;
  /** closedOfDue / due; null when nothing was due. */
  rate: number | null;
  /** Items overdue now whose deadline lies in the range. */
  overdue: number;
  /** The most overdue of them, oldest deadline first. */
  overdueItems: OverdueItem[];
  /** Items created in the range. */
  created: number;
  /** 销号 in the range. */
  closed: number;
  /** 反弹 (reopened) in the range. */
  relapses: number;
}

export async function ledgerFigures(
  db: Database,
  user: SessionUser,
  filter: DashboardFilter,
  now: Date,
): Promise<LedgerFigures> {
  const scope = await dashboardScope(db, user, filter.unitId);
  const { from, until } = bounds(filter);
  const today = chinaDate(now);
  const deadline = effectiveDeadline('r');
  const inRange = effectiveDeadlineWithin('r', filter.from, filter.to);
  const overdueNow = sql`r.status not in ('verified', 'closed') and ${deadline} < ${today}::date`;
  const createdInRange = sql`r.created_at >= ${from} and r.created_at < ${until}`;
  const dueInRange = sql`x.d between ${filter.from}::date and ${filter.to}::date
    and x.d < ${today}::date`;

  // The effective deadline once per item (materialized), not once per FILTER clause.
  const counts = await sql<{
    due: number;
    closed_of_due: number;
    overdue: number;
    created: number;
  }>`
    with x as materialized (
      select r.status, r.created_at, ${deadline} as d
      from ${ledgerItemsIn(scope)} and (${inRange} or (${createdInRange}))
    )
    select
      count(*) filter (where ${dueInRange})::int as due,
      count(*) filter (where ${dueInRange} and x.status = 'closed')::int as closed_of_due,
      count(*) filter (where ${dueInRange}
        and x.status not in ('verified', 'closed'))::int as overdue,
      count(*) filter (where x.created_at >= ${from} and x.created_at < ${until})::int as created
    from x`.execute(db);

  const events = await sql<{ to_status: string; n: number }>`
    select e.to_status, ${countAll} as n
    from ${ledgerEventsIn(scope)}
      and e.to_status in ('closed', 'reopened') and e.at >= ${from} and e.at < ${until}
    group by e.to_status`.execute(db);

  const overdueItems = await sql<{
    id: string;
    title: string;
    unit_id: string;
    unit_name: string;
    deadline: string;
    status: string;
  }>`
    select r.id, r.title, r.responsible_unit_id as unit_id, u.name as unit_name,
      to_char(${deadline}, 'YYYY-MM-DD') as deadline, r.status
    from ${ledgerItemsIn(scope)} and ${inRange} and ${overdueNow}
    order by ${deadline}, r.created_at, r.id
    limit 20`.execute(db);

  const c = counts.rows[0] ?? { due: 0, closed_of_due: 0, overdue: 0, created: 0 };
  const eventCount = (s: string) => events.rows.find((e) => e.to_status === s)?.n ?? 0;
  return {
    due: c.due,
    closedOfDue: c.closed_of_due,
    rate: rectificationRate(c.closed_of_due, c.due),
    overdue: c.overdue,
    overdueItems: overdueItems.rows.map((r) => ({
      id: r.id,
      title: r.title,
      unitId: r.unit_id,
      unitName: r.unit_name,
      deadline: r.deadline,
      status: r.status,
    })),
    created: c.created,
    closed: eventCount('closed'),
    relapses: eventCount('reopened'),
  };
}

export interface UnitScore {
  unitId: string;
  unitName: string;
  visits: number;
  /** Mean overall score (综合评议表) of the unit's scored 年中督责 visits in the range. */
  averageScore: number;
  latestScore: number;
  latestGrade: string | null;
}

/** Scores of 年中督责 checks by target unit, from the scores the API keeps (visit-score.ts). */
export async function unitScores(
  db: Database,
  user: SessionUser,
  filter: DashboardFilter,
): Promise<UnitScore[]> {
  const scope = await dashboardScope(db, user, filter.unitId);
  const { from, until } = bounds(filter);
  const { rows } = await sql<{
    unit_id: string;
    unit_name: string;
    visits: number;
    average: string;
    latest: string;
    grade: string | null;
  }>`
    select p.target_unit_id as unit_id, u.name as unit_name, ${countAll} as visits,
      round(avg(v.score), 2)::text as average,
      (array_agg(v.score order by v.submitted_at desc))[1]::text as latest,
      (array_agg(v.grade order by v.submitted_at desc))[1] as grade
    from visit_projection v
    join plans p on p.id = v.plan_id
    join units u on u.id = p.target_unit_id
    where not v.deleted and v.status in ('submitted', 'approved') and v.score is not null
      and v.submitted_at >= ${from} and v.submitted_at < ${until}
      and p.kind = 'midyear' and ${inScope(scope, sql`p.target_unit_id`)} and ${planOpen('p')}
    group by p.target_unit_id, u.name
    order by avg(v.score) desc, u.name`.execute(db);
  return rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name,
    visits: r.visits,
    averageScore: Number(r.average),
    latestScore: Number(r.latest),
    latestGrade: r.grade,
  }));
}

export interface TrendPoint {
  /** First China day of the week (Monday) or month. */
  bucket: string;
  findings: number;
  visits: number;
  created: number;
  closed: number;
  relapses: number;
}

export async function trends(
  db: Database,
  user: SessionUser,
  input: DashboardTrendsInput,
): Promise<TrendPoint[]> {
  const { filter, granularity } = input;
  const scope = await dashboardScope(db, user, filter.unitId);
  const { from, until } = bounds(filter);
  const bucket = (column: string) => chinaBucket(granularity, sql.raw(column));
  const { rows } = await sql<{
    series: keyof Omit<TrendPoint, 'bucket'>;
    bucket: number;
    n: number;
  }>`
    select 'findings' as series, ${bucket('f.created_at')} as bucket, ${countAll} as n
      from finding_projection f join units u on u.id = f.unit_id
      where not f.deleted and f.created_at >= ${from} and f.created_at < ${until}
        and ${unitInScope(scope, 'u')} and ${notSecretPlan(sql`f.plan_id`)}
      group by 2
    union all
    select 'visits', ${bucket('v.submitted_at')}, ${countAll}
      from visit_projection v join plans p on p.id = v.plan_id
      where not v.deleted and v.status in ('submitted', 'approved')
        and v.submitted_at >= ${from} and v.submitted_at < ${until}
        and ${inScope(scope, sql`p.target_unit_id`)} and ${planOpen('p')}
      group by 2
    union all
    select case e.to_status when 'open' then 'created' when 'closed' then 'closed'
        else 'relapses' end, ${bucket('e.at')}, ${countAll}
      from ${ledgerEventsIn(scope)}
        and e.to_status in ('open', 'closed', 'reopened') and (e.seq = 0 or e.to_status <> 'open')
        and e.at >= ${from} and e.at < ${until}
      group by 1, 2`.execute(db);

  const points = new Map<string, TrendPoint>(
    trendBuckets(granularity, filter.from, filter.to).map((b) => [
      b.start,
      { bucket: b.start, findings: 0, visits: 0, created: 0, closed: 0, relapses: 0 },
    ]),
  );
  for (const r of rows) {
    const point = points.get(bucketStart(granularity, r.bucket));
    if (point) point[r.series] += r.n;
  }
  return [...points.values()];
}

export interface RecentVisit {
  inspectionId: string;
  planTitle: string;
  planKind: string;
  unitId: string;
  unitName: string;
  status: string;
  submittedAt: string;
  score: number | null;
  grade: string | null;
}

/** Submitted and approved visits in scope, newest first: the way to each printable report. */
export async function recentVisits(
  db: Database,
  user: SessionUser,
  input: RecentVisitsInput,
): Promise<RecentVisit[]> {
  const scope = await dashboardScope(db, user, input.filter.unitId);
  const { from, until } = bounds(input.filter);
  const { rows } = await sql<{
    inspection_id: string;
    plan_title: string;
    plan_kind: string;
    unit_id: string;
    unit_name: string;
    status: string;
    submitted_at: Date;
    score: string | null;
    grade: string | null;
  }>`
    select v.inspection_id, p.title as plan_title, p.kind as plan_kind,
      p.target_unit_id as unit_id, u.name as unit_name, v.status, v.submitted_at,
      v.score::text as score, v.grade
    from visit_projection v
    join plans p on p.id = v.plan_id
    join units u on u.id = p.target_unit_id
    where not v.deleted and v.status in ('submitted', 'approved')
      and v.submitted_at >= ${from} and v.submitted_at < ${until}
      and ${inScope(scope, sql`p.target_unit_id`)} and ${planOpen('p')}
    order by v.submitted_at desc, v.inspection_id
    limit ${input.limit}`.execute(db);
  return rows.map((r) => ({
    inspectionId: r.inspection_id,
    planTitle: r.plan_title,
    planKind: r.plan_kind,
    unitId: r.unit_id,
    unitName: r.unit_name,
    status: r.status,
    submittedAt: new Date(r.submitted_at).toISOString(),
    score: r.score === null ? null : Number(r.score),
    grade: r.grade,
  }));
}
