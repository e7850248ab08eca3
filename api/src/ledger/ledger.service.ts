import { sql } from 'kysely';
import type { LedgerHistoryEntry, RectificationItem } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo } from '../authz/policy';
import type { Database } from '../db/database';
import { notFound } from '../trpc/errors';

/*
 * Reading the 整改台账. For now one question: the items a signed 约谈's 表态 became
 * (api/src/sync/sync-effects.ts). Whoever may see the talk's plan may see them; a talk the caller
 * may not see answers exactly like one that does not exist.
 */

export async function ledgerItemsOfTalk(
  db: Database,
  user: SessionUser,
  talkId: string,
): Promise<RectificationItem[]> {
  const plan = await db
    .selectFrom('plans')
    .select('plans.id')
    .where(
      'plans.id',
      '=',
      sql<string>`(select s.plan_id from sync_records s
        where s.type = 'talk' and s.id = ${talkId} and s.deleted is null)`,
    )
    .where(planVisibleTo(user))
    .executeTakeFirst();
  if (!plan) throw notFound();
  const rows = await db
    .selectFrom('rectification_items')
    .selectAll()
    .where('talk_record_id', '=', talkId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    findingId: r.finding_id,
    talkRecordId: r.talk_record_id,
    title: r.title,
    measures: r.measures,
    responsibleUnitId: r.responsible_unit_id,
    responsiblePerson: r.responsible_person,
    kind: r.kind,
    deadline: r.deadline,
    status: r.status,
    progress: r.progress as RectificationItem['progress'],
    verifications: r.verifications as RectificationItem['verifications'],
    history: r.history as LedgerHistoryEntry[],
    relapseCount: r.relapse_count,
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
