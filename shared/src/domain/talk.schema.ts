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

import { TALK_PARTICIPANT_ROLES } from './enum-values';

export { TALK_PARTICIPANT_ROLES } from './enum-values';
export const TalkParticipantRole = z.enum(TALK_PARTICIPANT_ROLES);
export type TalkParticipantRole = z.infer<typeof TalkParticipantRole>;

/** Someone present at a 约谈: the one talking (谈话人), the one talked to (谈话对象), the recorder. */
export const TalkParticipant = z.object({
  name: ShortText,
  position: z.string().max(200).default(''),
  role: TalkParticipantRole,
  unitId: Id.nullable().default(null),
  userId: Id.nullable().default(null),
});
export type TalkParticipant = z.infer<typeof TalkParticipant>;

export const TalkExchange = z.object({ question: RequiredLongText, answer: LongText });
export type TalkExchange = z.infer<typeof TalkExchange>;

/** A 表态: what the person talked to promises; each may become a ledger item. */
export const TalkCommitment = z.object({
  id: Id,
  text: RequiredLongText,
  deadline: IsoDate.nullable().default(null),
  rectificationItemId: Id.nullable().default(null),
});
export type TalkCommitment = z.infer<typeof TalkCommitment>;

/**
 * The record of a 约谈 (廉政谈话备忘录). The signature is an image attachment referenced by hash;
 * once signed (`signedAt`) the record is final.
 */
export const TalkRecord = z.object({
  id: Id,
  planId: Id,
  inspectionId: Id.nullable(),
  unitId: Id,
  heldAt: IsoDateTime,
  place: z.string().max(200),
  participants: z.array(TalkParticipant).min(1),
  exchanges: z.array(TalkExchange),
  commitments: z.array(TalkCommitment),
  signatureSha256: Sha256Hex.nullable(),
  signedAt: IsoDateTime.nullable(),
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type TalkRecord = z.infer<typeof TalkRecord>;
