import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, IsoDateTime, LongText, Sha256Hex } from './common.schema';
import { FollowUpVerdict } from './enums';

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
