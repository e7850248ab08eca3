import { sql } from 'kysely';
import type { PlanKind, ReviewQueueInput, ReviewQueuePage, ReviewQueueStatus } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { reviewDb } from './review.tables';
import { reviewablePlanIds } from './review-scope';

/*
 * The review queue (审核): visits in the caller's review scope with one status, from the read
 * model `visit_projection` (migration 0009), so the queue never reads answers. Waiting visits
 * come oldest first (who waited longest); decided ones newest first.
 */

const ORDER: Record<ReviewQueueStatus, 'submitted_at' | 'returned_at' | 'approved_at'> = {
  submitted: 'submitted_at',
  returned: 'returned_at',
  approved: 'approved_at',
};

const iso = (d: Date | string | null) =>
  d === null ? null : typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();

export async function reviewQueue(
  db: Database,
  user: SessionUser,
  input: ReviewQueueInput,
): Promise<ReviewQueuePage> {
  const rdb = reviewDb(db);
  let base = rdb
    .selectFrom('visit_projection as v')
    .innerJoin('plans as p', 'p.id', 'v.plan_id')
    .innerJoin('units as u', 'u.id', 'p.target_unit_id')
    .innerJoin('teams as t', 't.id', 'p.team_id')
    .where('v.deleted', '=', false)
    .where('v.status', '=', input.status)
    .where('v.plan_id', 'in', reviewablePlanIds(db, user));
  if (input.kind) base = base.where('p.kind', '=', input.kind);
  if (input.unitId) {
    const unitId = input.unitId;
    base = base.where(
      sql<boolean>`u.path like (select s.path from units s where s.id = ${unitId}) || '%'`,
    );
  }
  const column = ORDER[input.status];
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select([
        'v.inspection_id',
        'v.plan_id',
        'v.status',
        'v.submitted_at',
        'v.returned_at',
        'v.approved_at',
        'v.score',
        'v.grade',
        'p.title as plan_title',
        'p.kind as plan_kind',
        'u.id as unit_id',
        'u.name as unit_name',
        't.id as team_id',
        't.name as team_name',
      ])
      .select(() => [
        sql<string[]>`array(select distinct us.display_name from users us
          where us.id in (v.started_by, v.submitted_by) order by us.display_name)`.as('inspectors'),
        sql<number>`(select count(*)::int from finding_projection f
          where f.inspection_id = v.inspection_id and not f.deleted)`.as('findings'),
      ])
      .orderBy(`v.${column}`, input.status === 'submitted' ? 'asc' : 'desc')
      .orderBy('v.inspection_id')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute(),
  ]);
  return {
    total: Number(count.n),
    page: input.page,
    pageSize: input.pageSize,
    rows: rows.map((r) => ({
      inspectionId: r.inspection_id,
      planId: r.plan_id,
      planTitle: r.plan_title,
      planKind: r.plan_kind as PlanKind,
      unit: { id: r.unit_id, name: r.unit_name },
      team: { id: r.team_id, name: r.team_name },
      inspectors: r.inspectors,
      status: r.status as ReviewQueueStatus,
      submittedAt: iso(r.submitted_at),
      returnedAt: iso(r.returned_at),
      approvedAt: iso(r.approved_at),
      score: r.score === null ? null : Number(r.score),
      grade: r.grade,
      findingsCount: Number(r.findings),
    })),
  };
}
