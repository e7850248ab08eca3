import { sql } from 'kysely';
import type { RectificationItem } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo } from '../authz/policy';
import type { Database } from '../db/database';
import { notFound } from '../trpc/errors';
import { toLedgerItem } from './ledger-row';

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
  return rows.map(toLedgerItem);
}
