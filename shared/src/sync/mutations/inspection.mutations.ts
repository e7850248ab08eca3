import { z } from 'zod';
import {
  GeoPoint,
  Id,
  IsoDateTime,
  LongText,
  RequiredLongText,
  Sha256Hex,
} from '../../domain/common.schema';
import { InspectionStatus } from '../../domain/enums';
import { AnswerValue, canChangeInspectionStatus } from '../../domain/inspection.schema';
import { createRecord, setSystemFields } from '../field-merge';
import {
  defineMutation,
  fieldPatchArgs,
  loadLive,
  patchOf,
  patchRecord,
  reject,
  requireEditableInspection,
  requirePlanAccess,
  requireReviewer,
} from '../mutation-def';
import { answerRecordId } from '../sync-record';

/** Starting a visit pins the template version the inspector actually uses on the phone. */
export const inspectionStart = defineMutation({
  name: 'inspection.start',
  since: 1,
  args: z.object({
    id: Id,
    planId: Id,
    templateId: Id,
    templateVersion: z.int().min(1),
    startedAt: IsoDateTime,
    place: GeoPoint.nullable().default(null),
  }),
  apply(args, tx, ctx) {
    requirePlanAccess(ctx, args.planId, 'write');
    if (tx.get('inspection', args.id)) reject('sync.already_exists');
    tx.put(
      createRecord(
        'inspection',
        args.id,
        args.planId,
        {
          planId: args.planId,
          templateId: args.templateId,
          templateVersion: args.templateVersion,
          status: 'draft',
          startedBy: ctx.userId,
          startedAt: args.startedAt,
          place: args.place,
          endedAt: null,
          submittedAt: null,
          submittedBy: null,
        },
        ctx,
      ),
    );
  },
});

/**
 * Answers one checklist item. `answer`, `remark` and `evidence` merge independently, so one
 * inspector scoring an item while another adds a photo to it are both kept. Whether the answer
 * kind fits the item is checked against the template by the API before the handler runs.
 */
export const inspectionAnswer = defineMutation({
  name: 'inspection.answer',
  since: 1,
  args: fieldPatchArgs(
    { inspectionId: Id, itemId: Id },
    {
      answer: AnswerValue.nullable(),
      remark: LongText,
      evidence: z.array(Sha256Hex).max(100),
    },
  ),
  apply(args, tx, ctx) {
    const inspection = requireEditableInspection(tx, ctx, args.inspectionId);
    const id = answerRecordId(args.inspectionId, args.itemId);
    // Untouched fields start unstamped, so a first answer never "overwrites" an empty field.
    const answer =
      tx.get('answer', id) ??
      createRecord(
        'answer',
        id,
        inspection.planId,
        { inspectionId: args.inspectionId, itemId: args.itemId },
        ctx,
      );
    const patched = patchRecord(tx, ctx, answer, patchOf(args));
    if (patched !== answer && !patched.deleted) {
      tx.put(setSystemFields(patched, { answeredBy: ctx.userId, answeredAt: ctx.actedAt }, ctx));
    }
  },
});

/**
 * Submitting locks the visit for review. Submitting a visit a teammate already submitted is
 * done, not an error: the intent holds.
 */
export const inspectionSubmit = defineMutation({
  name: 'inspection.submit',
  since: 1,
  args: z.object({ id: Id, submittedAt: IsoDateTime }),
  apply(args, tx, ctx) {
    const inspection = loadLive(tx, ctx, 'inspection', args.id);
    requirePlanAccess(ctx, inspection.planId, 'write');
    const status = InspectionStatus.safeParse(inspection.fields.status);
    if (status.success && status.data === 'submitted') return;
    if (!status.success || !canChangeInspectionStatus(status.data, 'submitted')) {
      reject('sync.inspection_locked');
    }
    tx.put(
      setSystemFields(
        inspection,
        {
          status: 'submitted',
          submittedAt: args.submittedAt,
          submittedBy: ctx.userId,
          endedAt: inspection.fields.endedAt ?? args.submittedAt,
        },
        ctx,
      ),
    );
  },
});

/** One remark of a reviewer sending a visit back; `itemId` null for the visit as a whole. */
export const ReturnComment = z.object({ itemId: Id.nullable(), text: RequiredLongText });

/**
 * A reviewer — a supervisor who may see the plan, or the team's leader (`ctx.canReview`), not
 * merely someone with write access — sends a submitted visit back to its team: status
 * `returned`, which the team may edit and submit again. Comments accumulate over successive
 * returns, each stamped with its reviewer and time, so the history of a visit's review stays
 * whole; those of the latest return are the ones with `at === returnedAt`.
 */
export const inspectionReturn = defineMutation({
  name: 'inspection.return',
  since: 2,
  args: z.object({
    id: Id,
    returnedAt: IsoDateTime,
    comments: z.array(ReturnComment).min(1).max(500),
  }),
  apply(args, tx, ctx) {
    const inspection = loadLive(tx, ctx, 'inspection', args.id);
    requireReviewer(ctx, inspection.planId);
    const status = InspectionStatus.safeParse(inspection.fields.status);
    if (!status.success || !canChangeInspectionStatus(status.data, 'returned')) {
      reject('sync.inspection_not_submitted');
    }
    const earlier = inspection.fields.reviewComments;
    const comments = args.comments.map((c) => ({
      itemId: c.itemId,
      text: c.text,
      by: ctx.userId,
      at: args.returnedAt,
    }));
    tx.put(
      setSystemFields(
        inspection,
        {
          status: 'returned',
          returnedAt: args.returnedAt,
          returnedBy: ctx.userId,
          reviewComments: [...(Array.isArray(earlier) ? earlier : []), ...comments],
        },
        ctx,
      ),
    );
  },
});
