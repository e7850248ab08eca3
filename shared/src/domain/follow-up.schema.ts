import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, IsoDate, IsoDateTime, LongText, Sha256Hex } from './common.schema';
import { FindingCategory, FollowUpVerdict, LedgerStatus, Severity } from './enums';

/**
 * A 回头看 judgement, made on site, about one earlier ledger item (or a finding that never became
 * one): 整改到位 / 部分整改 / 未整改 / 反弹. Applying it to the item is `applyFollowUpVerdict`.
 */
export const FollowUpVerdictRecord = z
  .object({
    id: Id,
    planId: Id,
    inspectionId: Id,
    rectificationItemId: Id.nullable(),
    findingId: Id.nullable(),
    verdict: FollowUpVerdict,
    comment: LongText,
    evidence: z.array(Sha256Hex),
    judgedBy: Id,
    judgedAt: IsoDateTime,
  })
  .refine((v) => v.rectificationItemId !== null || v.findingId !== null, {
    error: messageKey('validation.follow_up_target'),
    path: ['rectificationItemId'],
  });
export type FollowUpVerdictRecord = z.infer<typeof FollowUpVerdictRecord>;

/** What a 回头看 verdict is about: an item of the 整改台账, or a finding that never became one. */
export const FOLLOW_UP_TARGET_KINDS = ['rectification', 'finding'] as const;
export const FollowUpTargetKind = z.enum(FOLLOW_UP_TARGET_KINDS);
export type FollowUpTargetKind = z.infer<typeof FollowUpTargetKind>;

/**
 * One thing a 回头看 visit must judge on site, as its plan carries it to the phone
 * (`plan.fields.followUp.items`): an open ledger item of the target unit (or a unit below it),
 * or an earlier finding of that unit without a ledger item. Computed by the server.
 */
export const FollowUpTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rectification'),
    id: Id,
    title: z.string(),
    measures: z.string(),
    status: LedgerStatus,
    deadline: IsoDate.nullable(),
    responsibleUnitId: Id,
    findingId: Id.nullable(),
    findingTitle: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('finding'),
    id: Id,
    title: z.string(),
    description: z.string(),
    severity: Severity,
    category: FindingCategory,
    unitId: Id,
  }),
]);
export type FollowUpTarget = z.infer<typeof FollowUpTarget>;

/** The `followUp` field of a 回头看 plan's sync record. */
export const PlanFollowUp = z.object({ items: z.array(FollowUpTarget) });
export type PlanFollowUp = z.infer<typeof PlanFollowUp>;
