import { z } from 'zod';
import { Id, LongText, NamedRef, RequiredLongText } from './common.schema';
import { PlanKind } from './enums';
import { messageKey } from '../i18n/message-key';
import type { ReviewComment } from './inspection.schema';
import type { ProposedRectification } from './finding.schema';
import type { RectificationItem } from './rectification.schema';
import type { ScoreSheet } from '../scoring/scoring';
import type { Template } from './template.schema';

/*
 * The supervisor's review of synced visits (审核): the queue, one visit as a reviewer reads it,
 * and the two decisions (退回修改, 审核通过). Inputs are validated here, shared by API and web.
 */

/** The queue's tabs: waiting for review, and what was decided lately. */
export const REVIEW_QUEUE_STATUSES = ['submitted', 'returned', 'approved'] as const;
export const ReviewQueueStatus = z.enum(REVIEW_QUEUE_STATUSES);
export type ReviewQueueStatus = z.infer<typeof ReviewQueueStatus>;

export const REVIEW_PAGE_SIZE_MAX = 100;

export const ReviewQueueInput = z.object({
  status: ReviewQueueStatus.default('submitted'),
  page: z.int().min(1).max(100_000).default(1),
  pageSize: z.int().min(1).max(REVIEW_PAGE_SIZE_MAX).default(20),
  kind: PlanKind.optional(),
  /** Visits of plans targeting this unit or a unit below it. */
  unitId: Id.optional(),
});
export type ReviewQueueInput = z.infer<typeof ReviewQueueInput>;
export type ReviewQueueFilter = z.input<typeof ReviewQueueInput>;

export interface ReviewQueueRow {
  inspectionId: string;
  planId: string;
  planTitle: string;
  planKind: PlanKind;
  unit: NamedRef;
  team: NamedRef;
  inspectors: string[];
  status: ReviewQueueStatus;
  submittedAt: string | null;
  returnedAt: string | null;
  approvedAt: string | null;
  score: number | null;
  grade: string | null;
  findingsCount: number;
}

export interface ReviewQueuePage {
  rows: ReviewQueueRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const ReviewVisitInput = z.object({ id: Id });
export type ReviewVisitInput = z.infer<typeof ReviewVisitInput>;

/** One remark of the reviewer on an item (or on the visit: `itemId` null). */
export const ReviewItemComment = z.object({ itemId: Id.nullable(), text: RequiredLongText });

/**
 * 退回修改: at least one remark (per item, or an overall reason), so the team knows what to
 * correct. The overall reason is sent as a remark on the visit as a whole.
 */
export const ReviewReturnInput = z
  .object({
    id: Id,
    reason: LongText.default(''),
    comments: z.array(ReviewItemComment).max(500).default([]),
  })
  .refine((v) => v.reason.trim() !== '' || v.comments.length > 0, {
    path: ['comments'],
    message: messageKey('review.comment_required'),
  });
export type ReviewReturnInput = z.infer<typeof ReviewReturnInput>;

export const ReviewApproveInput = z.object({ id: Id });
export type ReviewApproveInput = z.infer<typeof ReviewApproveInput>;

export interface ReviewAnswer {
  itemId: string;
  answer: unknown;
  remark: string;
  evidence: string[];
  answeredBy: string | null;
  answeredAt: string | null;
}

export interface ReviewNote {
  id: string;
  itemId: string | null;
  text: string;
  createdBy: string | null;
  createdAt: string | null;
}

export interface ReviewAttachment {
  id: string;
  sha256: string;
  fileName: string;
  mimeType: string;
  size: number;
  itemId: string | null;
}

export interface ReviewFinding {
  id: string;
  itemId: string | null;
  category: string;
  severity: string;
  title: string;
  description: string;
  recommendedForm: string | null;
  isClue: boolean;
  moneyInvolvedYuan: number | null;
  evidence: string[];
  proposedRectification: ProposedRectification | null;
  /** The ledger item its proposal became on approval. */
  rectificationItemId: string | null;
}

export interface ReviewVisit {
  inspectionId: string;
  status: string;
  plan: { id: string; title: string; kind: PlanKind; team: NamedRef };
  unit: NamedRef;
  inspectors: string[];
  startedAt: string | null;
  submittedAt: string | null;
  returnedAt: string | null;
  approvedAt: string | null;
  template: Template;
  answers: ReviewAnswer[];
  /** 分项评议表 (sections) and 综合评议表 (overall, grade), by the shared scoring. */
  sheet: ScoreSheet;
  notes: ReviewNote[];
  attachments: ReviewAttachment[];
  findings: ReviewFinding[];
  reviewComments: ReviewComment[];
  /** Whether the caller may return or approve it now. */
  canDecide: boolean;
  /** Why not, when the visit is decidable but not by the caller (their own visit). */
  ownVisit: boolean;
}

export interface ReviewApproveResult {
  inspectionId: string;
  status: 'approved';
  ledgerItems: RectificationItem[];
}
