import { z } from 'zod';
import {
  Id,
  IsoDate,
  IsoDateTime,
  LongText,
  RequiredLongText,
  Sha256Hex,
  ShortText,
} from './common.schema';
import { LedgerEvent } from '../ledger/ledger-events';
import { FollowUpVerdict, LedgerStatus, RectificationKind, Role } from './enums';

/** A progress report (整改进展) by or on behalf of the responsible unit. */
export const ProgressReport = z.object({
  id: Id,
  text: RequiredLongText,
  evidence: z.array(Sha256Hex),
  reportedBy: Id,
  reportedAt: IsoDateTime,
});
export type ProgressReport = z.infer<typeof ProgressReport>;

/** A supervisor's check of the reported rectification (验收). */
export const Verification = z.object({
  passed: z.boolean(),
  comment: LongText,
  evidence: z.array(Sha256Hex),
  verifiedBy: Id,
  verifiedAt: IsoDateTime,
});
export type Verification = z.infer<typeof Verification>;

/** One step of an item's life, kept for the audit trail and the 周调度/月总结 summaries. */
/**
 * A machine event, the effect of a 回头看 verdict (`follow_up.relapsed`, …), the item's
 * opening from a signed 约谈's 表态 (`talk.committed`) or from an approved visit's finding
 * (`finding.approved`), or a supervisor's 交办 (`assigned`: responsible unit, person, kind or
 * deadline set anew; the status does not change).
 */
export const LedgerHistoryEvent = z.union([
  LedgerEvent,
  z.templateLiteral(['follow_up.', FollowUpVerdict]),
  z.literal('talk.committed'),
  z.literal('finding.approved'),
  z.literal('assigned'),
]);
export type LedgerHistoryEvent = z.infer<typeof LedgerHistoryEvent>;

export const LedgerHistoryEntry = z.object({
  event: LedgerHistoryEvent,
  from: LedgerStatus,
  to: LedgerStatus,
  by: Id,
  role: Role,
  at: IsoDateTime,
  /** `talk.committed`: the 约谈 record whose 表态 opened the item. */
  talkRecordId: Id.optional(),
  /** `finding.approved`: the finding whose proposed rectification opened the item. */
  findingId: Id.optional(),
  /** Why: the reason or remark given with the event (required for verify_fail and reopen). */
  note: LongText.optional(),
  /** verify_pass on a 回头看 verdict: the verdict record the supervisor relied on. */
  verdictId: z.string().min(1).max(200).optional(),
});
export type LedgerHistoryEntry = z.infer<typeof LedgerHistoryEntry>;

/**
 * An item of the 整改台账. It comes from a finding, a 约谈 commitment, or a case (以案促改).
 * `deadline` is a calendar day in China Standard Time; null means "no explicit deadline" (the
 * overdue rule then depends on `kind`, see ../ledger/ledger-machine.ts).
 */
export const RectificationItem = z.object({
  id: Id,
  findingId: Id.nullable(),
  talkRecordId: Id.nullable(),
  title: ShortText,
  measures: RequiredLongText,
  responsibleUnitId: Id,
  responsiblePerson: ShortText,
  kind: RectificationKind,
  deadline: IsoDate.nullable(),
  status: LedgerStatus,
  progress: z.array(ProgressReport),
  verifications: z.array(Verification),
  history: z.array(LedgerHistoryEntry),
  /** How many times a 回头看 found the problem back (反弹). */
  relapseCount: z.int().nonnegative(),
  closedAt: IsoDateTime.nullable(),
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type RectificationItem = z.infer<typeof RectificationItem>;
