import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import {
  Code,
  GeoPoint,
  Id,
  IsoDateTime,
  LongText,
  RequiredLongText,
  Sha256Hex,
  ShortText,
} from './common.schema';
import { ConformityValue, InspectionStatus } from './enums';

/** The answer to one item, tagged with the item's answer kind. */
export const AnswerValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conformity'), value: ConformityValue }),
  /** Scores beyond the item's maximum are clamped by scoring, not refused: see ../scoring. */
  z.object({ kind: z.literal('score'), value: z.number().min(0).max(1000) }),
  z.object({ kind: z.literal('number'), value: z.number().finite() }),
  z.object({ kind: z.literal('text'), value: LongText }),
  z.object({ kind: z.literal('choice'), value: Code }),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Answer = z.object({
  answer: AnswerValue,
  /** The inspector's remark on this item (存在问题 / 说明). */
  remark: LongText.default(''),
  evidence: z.array(Sha256Hex).default([]),
  answeredBy: Id,
  answeredAt: IsoDateTime,
});
export type Answer = z.infer<typeof Answer>;

/** A photo or document kept as evidence, identified by the SHA-256 of its bytes. */
export const Attachment = z.object({
  sha256: Sha256Hex,
  fileName: ShortText,
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, { error: messageKey('validation.mime_type') }),
  size: z.int().nonnegative(),
  itemId: Id.nullable().default(null),
  capturedAt: IsoDateTime.nullable().default(null),
  place: GeoPoint.nullable().default(null),
  addedBy: Id,
  addedAt: IsoDateTime,
});
export type Attachment = z.infer<typeof Attachment>;

/** An on-site note, on the visit as a whole (`itemId` null) or on one item. */
export const Note = z.object({
  id: Id,
  itemId: Id.nullable().default(null),
  text: RequiredLongText,
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Note = z.infer<typeof Note>;

/** A reviewer's remark when returning or approving a visit; `itemId` null for the whole visit. */
export const ReviewComment = z.object({
  itemId: Id.nullable(),
  text: RequiredLongText,
  by: Id,
  at: IsoDateTime,
});
export type ReviewComment = z.infer<typeof ReviewComment>;

/**
 * One visit (检查) under a plan. The template version is pinned when the visit starts so later
 * template edits never change what was answered. Status: draft → submitted → returned | approved,
 * returned → submitted (see `INSPECTION_TRANSITIONS`).
 */
export const Inspection = z.object({
  id: Id,
  planId: Id,
  templateId: Id,
  templateVersion: z.int().min(1),
  status: InspectionStatus,
  /** Keyed by template item id. */
  answers: z.record(Id, Answer),
  notes: z.array(Note),
  attachments: z.array(Attachment),
  startedBy: Id,
  startedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
  place: GeoPoint.nullable(),
  submittedAt: IsoDateTime.nullable(),
  reviewedBy: Id.nullable(),
  reviewedAt: IsoDateTime.nullable(),
  reviewComments: z.array(ReviewComment),
  updatedAt: IsoDateTime,
});
export type Inspection = z.infer<typeof Inspection>;

/** Which status may follow which; the roles allowed to move are decided by the API's policy. */
export const INSPECTION_TRANSITIONS = {
  draft: ['submitted'],
  submitted: ['returned', 'approved'],
  returned: ['submitted'],
  approved: [],
} as const satisfies Record<InspectionStatus, readonly InspectionStatus[]>;

export function canChangeInspectionStatus(from: InspectionStatus, to: InspectionStatus): boolean {
  return (INSPECTION_TRANSITIONS[from] as readonly InspectionStatus[]).includes(to);
}

/** Only drafts and returned visits may be edited by the team; submitted ones are locked. */
export function isInspectionEditable(status: InspectionStatus): boolean {
  return status === 'draft' || status === 'returned';
}
