import { randomUUID } from 'node:crypto';
import {
  LedgerAssignInput,
  LedgerTransitionInput,
  assignItem,
  claimCompletion,
  transition,
  verifyByVerdict,
  type LedgerError,
  type LedgerItemDetail,
  type LedgerResult,
  type LedgerState,
} from '@ducha/shared';
import { auditBy, recordAudit } from '../audit/audit.service';
import type { SessionUser } from '../auth/session.service';
import { canReadFile, unitVisibleTo } from '../authz/policy';
import type { Database } from '../db/database';
import { jsonb } from '../db/json';
import type { AppDeps } from '../deps';
import { AppError, notFound } from '../trpc/errors';
import type { Actor } from '../user/user.service';
import { getLedgerItem, visibleItemRow, visibleVerdict } from './ledger-item.service';
import { stateOf } from './ledger-row';

/*
 * Changing a ledger item: load it under the caller's access rule (locked), check the version the
 * caller saw, let the shared machine decide, store, keep the history and the audit trail — all
 * in one transaction, so two supervisors acting at once cannot both win.
 */

export type { Actor };

const CODE: Record<LedgerError['code'], 'FORBIDDEN' | 'CONFLICT' | 'BAD_REQUEST'> = {
  role_not_allowed: 'FORBIDDEN',
  transition_not_allowed: 'CONFLICT',
  note_required: 'BAD_REQUEST',
  evidence_required: 'BAD_REQUEST',
};

function unwrap<T>(out: LedgerResult<T>): Extract<LedgerResult<T>, { ok: true }> {
  if (!out.ok) {
    throw new AppError(CODE[out.error.code], out.error.messageKey, { params: out.error.params });
  }
  return out;
}

async function lockedItem(tx: Database, user: SessionUser, id: string, expected: string) {
  const row = await visibleItemRow(tx, user, id, { forUpdate: true });
  if (!row) throw notFound();
  if (row.updated_at.toISOString() !== new Date(expected).toISOString()) {
    throw new AppError('CONFLICT', 'ledger.stale');
  }
  return row;
}

/** Evidence must be files the caller may read: nobody cites what they cannot open. */
async function checkEvidence(db: Database, user: SessionUser, hashes: readonly string[]) {
  for (const h of new Set(hashes)) {
    if (!(await canReadFile(db, user, h))) throw notFound();
  }
}

function stateColumns(next: LedgerState) {
  return {
    status: next.status,
    kind: next.kind,
    deadline: next.deadline,
    progress: jsonb(next.progress),
    verifications: jsonb(next.verifications),
    history: jsonb(next.history),
    relapse_count: next.relapseCount,
    closed_at: next.closedAt,
    updated_at: next.updatedAt,
  };
}

export async function transitionLedgerItem(
  deps: AppDeps,
  actor: Actor,
  raw: LedgerTransitionInput,
): Promise<LedgerItemDetail> {
  const input = LedgerTransitionInput.parse(raw);
  const now = deps.clock.now();
  const at = now.toISOString();
  const me = { id: actor.user.id, role: actor.user.role };
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockedItem(tx, actor.user, input.id, input.expectedUpdatedAt);
    const item = stateOf(row);
    await checkEvidence(tx, actor.user, input.evidence);
    let out: Extract<LedgerResult<LedgerState>, { ok: true }>;
    if (input.event === 'submit_for_verification') {
      const claim = { id: randomUUID(), text: input.comment, evidence: input.evidence };
      out = unwrap(claimCompletion(item, claim, me, at));
    } else if (input.event === 'verify_pass' && input.verdictId) {
      const verdict = await visibleVerdict(tx, actor.user, row.id, input.verdictId);
      if (!verdict) throw notFound();
      const cited = { ...verdict, targetId: row.id };
      out = unwrap(verifyByVerdict(item, row.id, cited, me, at, input.comment));
    } else {
      const progress =
        input.event === 'report_progress'
          ? { id: randomUUID(), text: input.comment, evidence: input.evidence }
          : undefined;
      out = unwrap(
        transition(item, input.event, me, at, {
          comment: input.comment,
          evidence: input.evidence,
          ...(progress ? { progress } : {}),
        }),
      );
    }
    await tx
      .updateTable('rectification_items')
      .set(stateColumns(out.item))
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'ledger.transition',
      entity: 'rectification_item',
      entityId: row.id,
      details: {
        event: out.entry.event,
        from: out.entry.from,
        to: out.entry.to,
        evidence: input.evidence.length,
        ...(input.verdictId ? { verdictId: input.verdictId } : {}),
      },
    });
  });
  return getLedgerItem(deps.db, actor.user, input.id, now);
}

/** 交办: a supervisor sets the responsible unit (within their scope), person, kind, deadline. */
export async function assignLedgerItem(
  deps: AppDeps,
  actor: Actor,
  raw: LedgerAssignInput,
): Promise<LedgerItemDetail> {
  const input = LedgerAssignInput.parse(raw);
  const now = deps.clock.now();
  const at = now.toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockedItem(tx, actor.user, input.id, input.expectedUpdatedAt);
    const unit = await tx
      .selectFrom('units')
      .select('units.id')
      .where('units.id', '=', input.responsibleUnitId)
      .where(unitVisibleTo(actor.user))
      .executeTakeFirst();
    if (!unit) throw notFound();
    const current = {
      ...stateOf(row),
      responsibleUnitId: row.responsible_unit_id,
      responsiblePerson: row.responsible_person,
    };
    const out = unwrap(
      assignItem(
        current,
        {
          responsibleUnitId: unit.id,
          responsiblePerson: input.responsiblePerson,
          kind: input.kind,
          deadline: input.deadline,
          comment: input.comment,
        },
        { id: actor.user.id, role: actor.user.role },
        at,
      ),
    );
    await tx
      .updateTable('rectification_items')
      .set({
        ...stateColumns(out.item),
        responsible_unit_id: out.item.responsibleUnitId,
        responsible_person: out.item.responsiblePerson,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'ledger.assign',
      entity: 'rectification_item',
      entityId: row.id,
      details: {
        fromUnitId: row.responsible_unit_id,
        toUnitId: unit.id,
        kind: input.kind,
        deadline: input.deadline,
      },
    });
  });
  return getLedgerItem(deps.db, actor.user, input.id, now);
}
