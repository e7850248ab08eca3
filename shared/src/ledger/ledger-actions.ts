import type { IsoDate } from '../domain/common.schema';
import type { RectificationKind, Role } from '../domain/enums';
import type { LedgerHistoryEntry, RectificationItem } from '../domain/rectification.schema';
import {
  ledgerFailure,
  openItem,
  transition,
  type LedgerActor,
  type LedgerResult,
  type LedgerState,
} from './ledger-machine';

/*
 * Ledger actions beyond the bare machine: 交办 (assigning), 申请销号 with its evidence, and
 * verification on a 回头看 verdict. Pure, like the machine: the API loads, calls, stores.
 */

/** 交办 is the supervisor's: they set who answers for an item and by when. */
export const ASSIGN_ROLES: readonly Role[] = ['supervisor'];

/** An item verified or closed is settled: reassigning it would rewrite a finished record. */
const ASSIGNABLE = new Set(['open', 'in_progress', 'reported', 'reopened']);

export type AssignableState = LedgerState &
  Pick<RectificationItem, 'responsibleUnitId' | 'responsiblePerson'>;

export interface Assignment {
  responsibleUnitId: string;
  responsiblePerson: string;
  kind: RectificationKind;
  deadline: IsoDate | null;
  comment?: string;
}

export function assignItem<T extends AssignableState>(
  item: T,
  change: Assignment,
  actor: LedgerActor,
  at: string,
): LedgerResult<T> {
  if (!ASSIGN_ROLES.includes(actor.role)) {
    return {
      ok: false,
      error: {
        code: 'role_not_allowed',
        messageKey: 'ledger.assign_not_allowed',
        params: { role: { label: 'role', value: actor.role } },
      },
    };
  }
  if (!ASSIGNABLE.has(item.status)) {
    return {
      ok: false,
      error: {
        code: 'transition_not_allowed',
        messageKey: 'ledger.assign_settled',
        params: { status: { label: 'ledgerStatus', value: item.status } },
      },
    };
  }
  const note = change.comment?.trim() ?? '';
  const entry: LedgerHistoryEntry = {
    event: 'assigned',
    from: item.status,
    to: item.status,
    by: actor.id,
    role: actor.role,
    at,
    ...(note !== '' ? { note } : {}),
  };
  const next: T = {
    ...item,
    responsibleUnitId: change.responsibleUnitId,
    responsiblePerson: change.responsiblePerson.trim(),
    kind: change.kind,
    deadline: change.deadline,
    updatedAt: at,
    history: [...item.history, entry],
  };
  return { ok: true, item: next, entry };
}

/**
 * 申请销号: the unit claims the work done. The claim is kept as a progress report carrying the
 * evidence (the machine's submit records no text), then the item goes to `reported`. A claim
 * needs both a statement and at least one piece of evidence.
 */
export function claimCompletion<T extends LedgerState>(
  item: T,
  claim: { id: string; text: string; evidence: readonly string[] },
  actor: LedgerActor,
  at: string,
): LedgerResult<T> {
  const out = transition(item, 'submit_for_verification', actor, at, { comment: claim.text });
  if (!out.ok) return out;
  if (claim.text.trim() === '') {
    return {
      ok: false,
      error: { code: 'note_required', messageKey: 'ledger.note_required', params: {} },
    };
  }
  if (claim.evidence.length === 0) {
    return {
      ok: false,
      error: { code: 'evidence_required', messageKey: 'ledger.evidence_required', params: {} },
    };
  }
  const report = {
    id: claim.id,
    text: claim.text.trim(),
    evidence: [...claim.evidence],
    reportedBy: actor.id,
    reportedAt: at,
  };
  return { ...out, item: { ...out.item, progress: [...out.item.progress, report] } };
}

/**
 * Verification on a 回头看 verdict: only a 整改到位 (rectified) verdict on this very item can
 * stand for the desk check; the history names the verdict.
 */
export function verifyByVerdict<T extends LedgerState>(
  item: T,
  itemId: string,
  verdict: { id: string; targetId: string; verdict: string | null; comment: string },
  actor: LedgerActor,
  at: string,
  comment: string,
): LedgerResult<T> {
  if (verdict.targetId !== itemId || verdict.verdict !== 'rectified') {
    return {
      ok: false,
      error: {
        code: 'transition_not_allowed',
        messageKey: 'ledger.verdict_not_rectified',
        params: {},
      },
    };
  }
  const remark = comment.trim() !== '' ? comment : verdict.comment;
  const out = transition(item, 'verify_pass', actor, at, { comment: remark });
  if (!out.ok) return out;
  const entry = { ...out.entry, verdictId: verdict.id };
  return {
    ok: true,
    entry,
    item: { ...out.item, history: [...out.item.history.slice(0, -1), entry] },
  };
}

/**
 * 以案促改 (典型领改): a new item for a similar unit, from another unit's finding. It starts open
 * and 交办 to that unit; the history says so (`assigned`, noted as a typical case).
 */
export function openTypicalCase(
  change: Omit<Assignment, 'comment'>,
  actor: LedgerActor,
  at: string,
): LedgerResult<AssignableState> {
  if (!ASSIGN_ROLES.includes(actor.role)) {
    return ledgerFailure('role_not_allowed', 'ledger.assign_not_allowed', {
      role: { label: 'role', value: actor.role },
    });
  }
  const { item, entry } = openItem(
    { event: 'assigned', note: TYPICAL_CASE_NOTE },
    change.kind,
    change.deadline,
    actor,
    at,
  );
  return {
    ok: true,
    entry,
    item: {
      ...item,
      responsibleUnitId: change.responsibleUnitId,
      responsiblePerson: change.responsiblePerson.trim(),
    },
  };
}

/** The history note of an item opened by 以案促改. */
export const TYPICAL_CASE_NOTE = '以案促改（典型领改）';
