import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  TalkCommitment,
  applyFollowUpVerdict,
  commitmentTitle,
  openFromTalkCommitment,
  recordKey,
  talkResponsiblePerson,
  type MessageKey,
  type SyncRecord,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { recordAudit } from '../audit/audit.service';
import type { DB } from '../db/schema';
import { jsonb } from '../db/json';
import { stateOf } from '../ledger/ledger-row';

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
  /**
   * Hands back a record the effect changed beyond what the handler wrote (a signed talk's
   * commitments with their ledger item ids). The push writes it as the server's own, so it
   * reaches every device whole, the signing one too (never as an own-record digest).
   */
  amend?: (record: SyncRecord) => void;
}

export async function applyServerEffects(
  db: Kysely<DB>,
  input: EffectInput,
): Promise<MessageKey | null> {
  for (const write of input.writes) {
    const earlier = input.before.get(recordKey(write.type, write.id));
    if (write.type === 'verdict' && isNewRelapse(write, earlier)) {
      const refused = await reopenOnRelapse(db, input, write);
      if (refused) return refused;
    }
    if (write.type === 'talk' && isNewSignature(write, earlier)) {
      const refused = await ledgerFromCommitments(db, input, write);
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
  const item = stateOf(row);
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

/** A talk record signed by this write: the same signature sent again finds it signed already. */
function isNewSignature(write: SyncRecord, earlier: SyncRecord | undefined): boolean {
  return (
    !write.deleted &&
    typeof write.fields.signatureSha256 === 'string' &&
    (earlier?.fields.signatureSha256 ?? null) === null
  );
}

/**
 * A signed 约谈's 表态 (commitments) become 整改台账 items, assigned (交办) to the talk's unit:
 * 限期整改 with the 表态's deadline, else 立行立改, opened through the shared machine (history
 * `talk.committed`: who signed, when, which talk) and audited. The talk's unit must be the plan's
 * target unit or below it, whatever a device sends. Everything is decided before anything is
 * written. The talk record then carries each item's id (`rectificationItemId`), handed back to
 * the push through `amend`.
 */
async function ledgerFromCommitments(
  db: Kysely<DB>,
  input: EffectInput,
  talk: SyncRecord,
): Promise<MessageKey | null> {
  const raw = Array.isArray(talk.fields.commitments) ? talk.fields.commitments : [];
  if (raw.length === 0 || talk.planId === null) return null;
  const commitments = TalkCommitment.array().safeParse(raw);
  if (!commitments.success) return 'sync.invalid_args';
  const person = talkResponsiblePerson(talk.fields.participants);
  if (person === null) return 'sync.talk_incomplete';
  const actor = { id: input.user.id, role: input.user.role };
  const opened = commitments.data.map((c) => openFromTalkCommitment(c, talk.id, actor, input.at));
  const refused = opened.find((o) => !o.ok);
  if (refused && !refused.ok) return refused.error.messageKey;

  const unitId = String(talk.fields.unitId);
  const unit = await db
    .selectFrom('units as u')
    .innerJoin('plans as p', (join) => join.on('p.id', '=', talk.planId!))
    .innerJoin('units as t', 't.id', 'p.target_unit_id')
    .select('u.id')
    .where(sql<boolean>`u.id::text = ${unitId}`)
    .where(sql<boolean>`u.path like t.path || '%'`)
    .executeTakeFirst();
  if (!unit) return 'common.not_found';
  // Signing happens once (the record is locked and final), so this only guards against a bug.
  const existing = await db
    .selectFrom('rectification_items')
    .select('id')
    .where('talk_record_id', '=', talk.id)
    .executeTakeFirst();
  if (existing) return null;

  const rows = commitments.data.map((c, i) => {
    const item = (opened[i] as Extract<(typeof opened)[number], { ok: true }>).item;
    return {
      id: randomUUID(),
      finding_id: null,
      talk_record_id: talk.id,
      title: commitmentTitle(c.text),
      measures: c.text,
      responsible_unit_id: unit.id,
      responsible_person: person,
      kind: item.kind,
      deadline: item.deadline,
      status: item.status,
      progress: jsonb(item.progress),
      verifications: jsonb(item.verifications),
      history: jsonb(item.history),
      relapse_count: item.relapseCount,
      closed_at: item.closedAt,
      created_by: input.user.id,
      created_at: item.createdAt,
      updated_at: item.updatedAt,
    };
  });
  await db.insertInto('rectification_items').values(rows).execute();
  for (const [i, row] of rows.entries()) {
    await recordAudit(db, {
      at: new Date(input.at),
      actorId: input.user.id,
      actorRole: input.user.role,
      action: 'ledger.create',
      entity: 'rectification_item',
      entityId: row.id,
      requestId: null,
      ip: null,
      details: {
        event: 'talk.committed',
        kind: row.kind,
        talkRecordId: talk.id,
        commitmentId: commitments.data[i]!.id,
        inspectionId: talk.fields.inspectionId ?? null,
      },
    });
  }
  input.amend?.({
    ...talk,
    fields: {
      ...talk.fields,
      commitments: raw.map((c, i) => ({
        ...(c as Record<string, unknown>),
        rectificationItemId: rows[i]!.id,
      })),
    },
  });
  return null;
}
