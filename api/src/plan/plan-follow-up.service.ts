import { sql } from 'kysely';
import type { FollowUpCandidate, FollowUpCandidatesInput } from '@ducha/shared';
import type { Database } from '../db/database';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo } from '../authz/policy';
import { reviewDb } from '../review/review.tables';

/*
 * The earlier plans a 回头看 may name (plans.follow_up_of_plan_id): visited plans the planner
 * sees, with what they left to re-check — their findings, and their ledger items not yet closed.
 * On the phone, the 回头看's targets are the open ledger items and unledgered findings of its
 * target unit and the units below it (migration 0005, `plan.fields.followUp`), so the planner
 * picks the earlier plan and the 回头看 targets its unit.
 */
export async function followUpCandidates(
  db: Database,
  user: SessionUser,
  input: FollowUpCandidatesInput,
): Promise<FollowUpCandidate[]> {
  const rdb = reviewDb(db);
  let query = rdb
    .selectFrom('plans')
    .innerJoin('units', 'units.id', 'plans.target_unit_id')
    .select((eb) => [
      'plans.id',
      'plans.title',
      'plans.kind',
      'plans.status',
      'plans.target_unit_id',
      'units.name as unit_name',
      'plans.window_end',
      eb
        .selectFrom('finding_projection as f')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('f.plan_id', '=', 'plans.id')
        .where('f.deleted', '=', false)
        .as('finding_count'),
      // A talk's 表态 items belong to the plan through the talk record (migration 0008).
      sql<number>`(select count(*)::int from rectification_items r
        where r.status <> 'closed' and (
          r.finding_id in (select f2.finding_id from finding_projection f2
                           where f2.plan_id = plans.id)
          or r.talk_record_id::text in (select t.id from sync_records t
                                        where t.type = 'talk' and t.plan_id = plans.id)))`.as(
        'open_items',
      ),
    ])
    .where((eb) => planVisibleTo(user)(eb as never))
    .where('plans.kind', '<>', 'follow_up')
    .where((eb) =>
      eb.or([
        eb('plans.status', 'in', ['in_progress', 'done']),
        eb('plans.revealed_at', 'is not', null),
      ]),
    );
  if (input.unitId) {
    const root = input.unitId;
    query = query.where(
      sql<boolean>`units.path like (select r.path from units r where r.id = ${root}) || '%'`,
    );
  }
  const rows = await query.orderBy('plans.window_end', 'desc').limit(50).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    targetUnit: { id: r.target_unit_id, name: r.unit_name },
    windowEnd: r.window_end,
    findingCount: Number(r.finding_count ?? 0),
    openItemCount: Number(r.open_items ?? 0),
  }));
}
