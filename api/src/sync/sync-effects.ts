import { sql, type Kysely } from 'kysely';
import {
  applyFollowUpVerdict,
  recordKey,
  type LedgerState,
  type MessageKey,
  type SyncRecord,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { recordAudit } from '../audit/audit.service';
import type { DB } from '../db/schema';
import { jsonb } from '../db/json';

/*
 * What an applied mutation does beyond its records, on the server only and in the mutation's own
 * transaction: the handlers are pure and run on devices too, where the 整改台账 does not exist.
 * Returns a reason when the effect is refused; the push service then rejects the mutation and
 * writes nothing of it.
 */

export interface EffectInput {
  user: SessionUser;
  /** Server time of the transaction. */
  at: string;
  /** The records as the handler read them, before its writes. */
  before: ReadonlyMap<string, SyncRecord | undefined>;
  writes: readonly SyncRecord[];
}

export async function applyServerEffects(
  db: Kysely<DB>,
  input: EffectInput,
): Promise<MessageKey | null> {
  for (const write of input.writes) {
    if (write.type !== 'verdict') continue;
    const earlier = input.before.get(recordKey(write.type, write.id));
    if (isNewRelapse(write, earlier)) {
      const refused = await reopenOnRelapse(db, input, write);
      if (refused) return refused;
    }
  }
  return null;
}

/**
 * A 反弹 verdict on a ledger item, newly given: the same verdict sent again (or merged into one
 * already 反弹) must not reopen the item twice.
 */
function isNewRelapse(write: SyncRecord, earlier: SyncRecord | undefined): boolean {
  return (
    write.fields.targetKind === 'rectification' &&
    write.fields.verdict === 'relapsed' &&
    earlier?.fields.verdict !== 'relapsed' &&
    !write.deleted
  );
}

/**
 * Reopens the ledger item through the shared machine (history `follow_up.relapsed`). The item
 * must belong to the visit's target unit or a unit below it: a team may judge only what its
 * 回头看 covers, whatever id a device sends.
 */
async function reopenOnRelapse(
  db: Kysely<DB>,
  input: EffectInput,
  verdict: SyncRecord,
): Promise<MessageKey | null> {
  const targetId = String(verdict.fields.targetId);
  if (verdict.planId === null) return 'common.not_found';
  const row = await db
    .selectFrom('rectification_items as r')
    .innerJoin('units as ru', 'ru.id', 'r.responsible_unit_id')
    .innerJoin('plans as p', (join) => join.on('p.id', '=', verdict.planId!))
    .innerJoin('units as t', 't.id', 'p.target_unit_id')
    .selectAll('r')
    .where('r.id', '=', targetId)
    .where(sql<boolean>`ru.path like t.path || '%'`)
    .forUpdate('r')
    .executeTakeFirst();
  if (!row) return 'common.not_found';
  const item: LedgerState = {
    status: row.status,
    kind: row.kind,
    deadline: row.deadline,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    relapseCount: row.relapse_count,
    progress: row.progress as LedgerState['progress'],
    verifications: row.verifications as LedgerState['verifications'],
    history: row.history as LedgerState['history'],
  };
  const comment = typeof verdict.fields.comment === 'string' ? verdict.fields.comment : '';
  const out = applyFollowUpVerdict(
    item,
    'relapsed',
    { id: input.user.id, role: input.user.role },
    input.at,
    comment,
  );
  if (!out.ok) return out.error.messageKey;
  const next = out.item;
  await db
    .updateTable('rectification_items')
    .set({
      status: next.status,
      history: jsonb(next.history),
      verifications: jsonb(next.verifications),
      relapse_count: next.relapseCount,
      closed_at: next.closedAt,
      updated_at: next.updatedAt,
    })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(db, {
    at: new Date(input.at),
    actorId: input.user.id,
    actorRole: input.user.role,
    action: 'ledger.transition',
    entity: 'rectification_item',
    entityId: row.id,
    requestId: null,
    ip: null,
    details: {
      event: out.entry.event,
      from: out.entry.from,
      to: out.entry.to,
      inspectionId: verdict.fields.inspectionId,
    },
  });
  return null;
}
