import type { FollowUpVerdict, LedgerStatus, Role } from '../domain/enums';
import type { IsoDate } from '../domain/common.schema';
import type {
  LedgerHistoryEntry,
  LedgerHistoryEvent,
  ProgressReport,
  RectificationItem,
  Verification,
} from '../domain/rectification.schema';
import type { MessageKey, MessageParams } from '../i18n/messages';
import type { LedgerEvent } from './ledger-events';

/*
 * The 整改台账 state machine.
 *
 *   open ──start──▶ in_progress ──submit_for_verification──▶ reported ──verify_pass──▶ verified
 *     │                 ▲  ▲                                     │                        │
 *     │                 │  └──────────────verify_fail────────────┘                      close
 *     └─submit (立行立改 fixed on the spot)──▶ reported                                    ▼
 *   verified / closed ──reopen (反弹)──▶ reopened (works like in_progress) ◀──────── closed (销号)
 *
 * report_progress adds a progress report without changing the status, except on an open item
 * where reporting progress means the work has started (→ in_progress).
 *
 * Who may fire which event (separation of duties: whoever reports a fix never verifies it):
 * - start, report_progress, submit_for_verification: inspector and team_leader, acting for the
 *   responsible unit's liaison until liaisons get accounts of their own.
 * - verify_pass, verify_fail, close (销号): supervisor.
 * - reopen (反弹): inspector and team_leader (they judge it on site in a 回头看) and supervisor.
 * - admin: nothing. Administrators manage accounts, not the substance of the ledger, so that an
 *   account with every technical right cannot also rewrite rectification results.
 * These are role rules only; whether the caller may touch this particular item (team, scope) is
 * the API's record-level check.
 */

const FIELD_ROLES: readonly Role[] = ['inspector', 'team_leader'];
const SUPERVISOR: readonly Role[] = ['supervisor'];

export const LEDGER_EVENT_ROLES: Readonly<Record<LedgerEvent, readonly Role[]>> = {
  start: FIELD_ROLES,
  report_progress: FIELD_ROLES,
  submit_for_verification: FIELD_ROLES,
  verify_pass: SUPERVISOR,
  verify_fail: SUPERVISOR,
  close: SUPERVISOR,
  reopen: ['inspector', 'team_leader', 'supervisor'],
};

/** For each event, the statuses it may leave from and where it leads. */
export const LEDGER_TRANSITIONS: Readonly<
  Record<LedgerEvent, Readonly<Partial<Record<LedgerStatus, LedgerStatus>>>>
> = {
  start: { open: 'in_progress' },
  report_progress: {
    open: 'in_progress',
    in_progress: 'in_progress',
    reopened: 'reopened',
    reported: 'reported',
  },
  submit_for_verification: { open: 'reported', in_progress: 'reported', reopened: 'reported' },
  verify_pass: { reported: 'verified' },
  verify_fail: { reported: 'in_progress' },
  close: { verified: 'closed' },
  reopen: { verified: 'reopened', closed: 'reopened' },
};

export function roleMayFire(event: LedgerEvent, role: Role): boolean {
  return LEDGER_EVENT_ROLES[event].includes(role);
}

export function nextStatus(status: LedgerStatus, event: LedgerEvent): LedgerStatus | null {
  return LEDGER_TRANSITIONS[event][status] ?? null;
}

/** Whether `role` may fire `event` on an item in `status` (payload checks aside). */
export function canTransition(status: LedgerStatus, event: LedgerEvent, role: Role): boolean {
  return roleMayFire(event, role) && nextStatus(status, event) !== null;
}

/** The events a role can fire on an item in `status`, for the buttons a screen offers. */
export function availableEvents(
  status: LedgerStatus,
  role: Role,
  events: readonly LedgerEvent[] = Object.keys(LEDGER_TRANSITIONS) as LedgerEvent[],
): LedgerEvent[] {
  return events.filter((e) => canTransition(status, e, role));
}

/** The part of a ledger item the machine reads and writes. */
export type LedgerState = Pick<
  RectificationItem,
  | 'status'
  | 'kind'
  | 'deadline'
  | 'createdAt'
  | 'updatedAt'
  | 'closedAt'
  | 'relapseCount'
  | 'progress'
  | 'verifications'
  | 'history'
>;

export interface LedgerActor {
  id: string;
  role: Role;
}

/** What some events carry: a progress report, a verification comment, a reason. */
export interface LedgerPayload {
  /** report_progress: the report (the id is the caller's: this module makes no ids). */
  progress?: { id: string; text: string; evidence?: readonly string[] };
  /** verify_pass / verify_fail / reopen: the reason or verification remark. */
  comment?: string;
  /** verify_pass / verify_fail: evidence of the check. */
  evidence?: readonly string[];
}

export type LedgerErrorCode =
  'role_not_allowed' | 'transition_not_allowed' | 'note_required' | 'evidence_required';

export interface LedgerError {
  code: LedgerErrorCode;
  messageKey: MessageKey;
  params: MessageParams;
}

export type LedgerResult<T> =
  { ok: true; item: T; entry: LedgerHistoryEntry } | { ok: false; error: LedgerError };

/** A refused ledger action, in the shape every ledger function answers with. */
export function ledgerFailure(
  code: LedgerErrorCode,
  messageKey: MessageKey,
  params: MessageParams,
) {
  return { ok: false as const, error: { code, messageKey, params } };
}

/** Events whose payload must explain itself (a failed check or a relapse needs a reason). */
const NEEDS_COMMENT: ReadonlySet<LedgerEvent> = new Set(['verify_fail', 'reopen']);

/**
 * Fires `event` on `item` as `actor` at instant `at` (ISO). Pure: returns a new item, never
 * mutates. The role is checked before the status so that a caller without the right learns
 * nothing about the item's state.
 */
export function transition<T extends LedgerState>(
  item: T,
  event: LedgerEvent,
  actor: LedgerActor,
  at: string,
  payload: LedgerPayload = {},
): LedgerResult<T> {
  const eventLabel = { label: 'ledgerEvent', value: event } as const;
  if (!roleMayFire(event, actor.role)) {
    return ledgerFailure('role_not_allowed', 'ledger.role_not_allowed', {
      role: { label: 'role', value: actor.role },
      event: eventLabel,
    });
  }
  const to = nextStatus(item.status, event);
  if (to === null) {
    return ledgerFailure('transition_not_allowed', 'ledger.transition_not_allowed', {
      status: { label: 'ledgerStatus', value: item.status },
      event: eventLabel,
    });
  }
  const comment = payload.comment?.trim() ?? '';
  if (NEEDS_COMMENT.has(event) && comment === '') {
    return ledgerFailure('note_required', 'ledger.note_required', {});
  }
  if (event === 'report_progress' && !payload.progress?.text.trim()) {
    return ledgerFailure('note_required', 'ledger.note_required', {});
  }

  const entry: LedgerHistoryEntry = {
    event,
    from: item.status,
    to,
    by: actor.id,
    role: actor.role,
    at,
    ...(comment !== '' ? { note: comment } : {}),
  };
  const next: T = { ...item, status: to, updatedAt: at, history: [...item.history, entry] };

  if (event === 'report_progress' && payload.progress) {
    const report: ProgressReport = {
      id: payload.progress.id,
      text: payload.progress.text,
      evidence: [...(payload.progress.evidence ?? [])],
      reportedBy: actor.id,
      reportedAt: at,
    };
    next.progress = [...item.progress, report];
  }
  if (event === 'verify_pass' || event === 'verify_fail') {
    const verification: Verification = {
      passed: event === 'verify_pass',
      comment,
      evidence: [...(payload.evidence ?? [])],
      verifiedBy: actor.id,
      verifiedAt: at,
    };
    next.verifications = [...item.verifications, verification];
  }
  if (event === 'close') next.closedAt = at;
  if (event === 'reopen') {
    next.closedAt = null;
    next.relapseCount = item.relapseCount + 1;
  }
  return { ok: true, item: next, entry };
}

/* ------------------------------------------------------ 约谈 commitments */

/** Roles that may turn a signed 约谈's 表态 into ledger items: the visiting team, supervisors. */
export const COMMITMENT_ROLES: readonly Role[] = ['inspector', 'team_leader', 'supervisor'];

/**
 * A new item from one 表态 (commitment) of the signed 约谈 record `talkRecordId`: open, 限期整改
 * when the 表态 names a deadline, else 立行立改 (immediate, with its default days). Its history
 * starts with `talk.committed`: who signed the record, when, and from which talk.
 */
export function openFromTalkCommitment(
  commitment: { deadline: IsoDate | null },
  talkRecordId: string,
  actor: LedgerActor,
  at: string,
): LedgerResult<LedgerState> {
  if (!COMMITMENT_ROLES.includes(actor.role)) {
    return ledgerFailure('role_not_allowed', 'ledger.commitment_not_allowed', {
      role: { label: 'role', value: actor.role },
    });
  }
  return openItem(
    { event: 'talk.committed', talkRecordId },
    commitment.deadline === null ? 'immediate' : 'deadline',
    commitment.deadline,
    actor,
    at,
  );
}

/**
 * A new open (交办) item whose history starts with `opening` (the event that opened it and what
 * it names: a talk, a finding, a note), by `actor` at `at`. Every way of opening an item shares it.
 */
export function openItem(
  opening: Omit<LedgerHistoryEntry, 'from' | 'to' | 'by' | 'role' | 'at'>,
  kind: LedgerState['kind'],
  deadline: IsoDate | null,
  actor: LedgerActor,
  at: string,
): { ok: true; item: LedgerState; entry: LedgerHistoryEntry } {
  const entry: LedgerHistoryEntry = {
    ...opening,
    from: 'open',
    to: 'open',
    by: actor.id,
    role: actor.role,
    at,
  };
  const item: LedgerState = {
    status: 'open',
    kind,
    deadline,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    relapseCount: 0,
    progress: [],
    verifications: [],
    history: [entry],
  };
  return { ok: true, item, entry };
}

/* ---------------------------------------------------------------- overdue */

/** China Standard Time is UTC+8 all year (no daylight saving), so day arithmetic is exact. */
const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Days a 立行立改 item without an explicit deadline has, counted from its creation day. */
export const IMMEDIATE_DEFAULT_DAYS = 7;

/** The calendar day (CST) of an instant. */
export function cstDay(instant: string | Date): IsoDate {
  const ms =
    (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + CST_OFFSET_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first instant after calendar day `day` ends in China Standard Time. */
export function endOfDayUtc(day: IsoDate): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS + DAY_MS);
}

function addDays(day: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The deadline that counts: the item's own, or for a 立行立改 item without one, the creation day
 * plus `IMMEDIATE_DEFAULT_DAYS` ("immediate" still needs a date someone can miss). 限期整改 and
 * 专项整治 items without a deadline have none, so they never go overdue (the UI flags them).
 */
export function effectiveDeadline(
  item: Pick<LedgerState, 'deadline' | 'kind' | 'createdAt'>,
): IsoDate | null {
  if (item.deadline !== null) return item.deadline;
  if (item.kind === 'immediate') return addDays(cstDay(item.createdAt), IMMEDIATE_DEFAULT_DAYS);
  return null;
}

const DONE: ReadonlySet<LedgerStatus> = new Set(['verified', 'closed']);

/**
 * Overdue: the deadline day (CST) has ended and the item is neither verified nor closed. An item
 * due today is not overdue until midnight Beijing time.
 */
export function isOverdue(
  item: Pick<LedgerState, 'status' | 'deadline' | 'kind' | 'createdAt'>,
  now: string | Date,
): boolean {
  if (DONE.has(item.status)) return false;
  const deadline = effectiveDeadline(item);
  if (deadline === null) return false;
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  return nowMs >= endOfDayUtc(deadline).getTime();
}

/* ------------------------------------------------------- 回头看 verdicts */

/** Roles that record 回头看 verdicts: the visiting team on site, or a supervisor. */
export const FOLLOW_UP_ROLES: readonly Role[] = ['inspector', 'team_leader', 'supervisor'];

/**
 * What a 回头看 verdict does to an item:
 * - rectified (整改到位): no change, except that a supervisor's verdict on a `reported` item
 *   verifies it (the on-site check is the verification). Closing stays a separate 销号 step.
 * - partial / not_rectified (部分整改 / 未整改): work is not done. open → in_progress;
 *   in_progress and reopened stay; reported → in_progress (as a failed verification);
 *   verified / closed → reopened, because the earlier verification proved wrong.
 * - relapsed (反弹): verified / closed → reopened with `relapseCount` + 1; on an item that was
 *   never fixed it means the same as not_rectified.
 */
export function verdictTarget(
  status: LedgerStatus,
  verdict: FollowUpVerdict,
  role: Role,
): LedgerStatus {
  if (verdict === 'rectified') {
    return status === 'reported' && role === 'supervisor' ? 'verified' : status;
  }
  switch (status) {
    case 'open':
    case 'reported':
      return 'in_progress';
    case 'in_progress':
    case 'reopened':
      return status;
    case 'verified':
    case 'closed':
      return 'reopened';
  }
}

export function applyFollowUpVerdict<T extends LedgerState>(
  item: T,
  verdict: FollowUpVerdict,
  actor: LedgerActor,
  at: string,
  comment = '',
): LedgerResult<T> {
  if (!FOLLOW_UP_ROLES.includes(actor.role)) {
    return ledgerFailure('role_not_allowed', 'ledger.follow_up_not_allowed', {
      role: { label: 'role', value: actor.role },
    });
  }
  const to = verdictTarget(item.status, verdict, actor.role);
  const event: LedgerHistoryEvent = `follow_up.${verdict}`;
  const entry: LedgerHistoryEntry = {
    event,
    from: item.status,
    to,
    by: actor.id,
    role: actor.role,
    at,
  };
  const next: T = { ...item, status: to, updatedAt: at, history: [...item.history, entry] };
  if (to === 'reopened' && item.status !== 'reopened') {
    next.closedAt = null;
    // Only 反弹 counts as a relapse; 部分整改/未整改 on a closed item is a wrong verification.
    if (verdict === 'relapsed') next.relapseCount = item.relapseCount + 1;
  }
  if (to === 'verified' && item.status === 'reported') {
    next.verifications = [
      ...item.verifications,
      { passed: true, comment, evidence: [], verifiedBy: actor.id, verifiedAt: at },
    ];
  }
  if (item.status === 'reported' && to === 'in_progress') {
    next.verifications = [
      ...item.verifications,
      { passed: false, comment, evidence: [], verifiedBy: actor.id, verifiedAt: at },
    ];
  }
  return { ok: true, item: next, entry };
}
