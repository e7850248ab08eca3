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
  type MutationTx,
} from '../mutation-def';
import { answerRecordId, templateRecordId, type SyncRecord } from '../sync-record';
import {
  checkCompleteness,
  completenessSections,
  type StoredAnswer,
} from '../../scoring/completeness';

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
 * Refuses a submit that the phone's own check (the same `checkCompleteness`) would refuse, judged
 * on what this side holds: the pinned template version and the stored answers. A device pushes
 * its answers before its submit, in the same push or an earlier one, so they are here; an answer
 * that lost a merge to a teammate's counts as the teammate left it.
 */
function requireComplete(tx: MutationTx, inspection: SyncRecord): void {
  const { templateId, templateVersion } = inspection.fields;
  if (typeof templateId !== 'string' || typeof templateVersion !== 'number') {
    reject('sync.template_missing');
  }
  const template = tx.get('template', templateRecordId(templateId, templateVersion));
  const sections =
    template && !template.deleted ? completenessSections(template.fields.sections) : null;
  if (!sections) reject('sync.template_missing');
  const answers: Record<string, StoredAnswer> = {};
  for (const item of sections.flatMap((s) => s.items)) {
    const stored = tx.get('answer', answerRecordId(inspection.id, item.id));
    if (!stored || stored.deleted) continue;
    const answer = AnswerValue.safeParse(stored.fields.answer);
    if (!answer.success) continue;
    const evidence = stored.fields.evidence;
    answers[item.id] = {
      answer: answer.data,
      evidence: Array.isArray(evidence) ? evidence.filter((h) => typeof h === 'string') : [],
    };
  }
  const completeness = checkCompleteness(sections, answers);
  if (completeness.missingRequiredItemIds.length > 0) reject('sync.inspection_incomplete');
  if (completeness.missingEvidenceItemIds.length > 0) reject('sync.inspection_evidence_missing');
}

/**
 * Submitting locks the visit for review, once every required item is answered and has the
 * evidence it needs. Submitting a visit a teammate already submitted is done, not an error: the
 * intent holds.
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
    requireComplete(tx, inspection);
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
