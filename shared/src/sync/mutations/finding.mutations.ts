import { z } from 'zod';
import { Id, IsoDateTime } from '../../domain/common.schema';
import { Finding } from '../../domain/finding.schema';
import { createRecord, deleteRecord } from '../field-merge';
import {
  defineMutation,
  fieldPatchArgs,
  loadVisible,
  patchOf,
  patchRecord,
  reject,
  requireEditableInspection,
  requirePlanAccess,
  toFields,
} from '../mutation-def';

/** What the team may change on a finding, each merged on its own. */
export const FindingEditableFields = Finding.pick({
  category: true,
  severity: true,
  title: true,
  description: true,
  moneyInvolvedYuan: true,
  moneyRecoveredYuan: true,
  unitsConcerned: true,
  peopleConcerned: true,
  evidence: true,
  recommendedForm: true,
  isClue: true,
  proposedRectification: true,
});

/**
 * Records a problem found, from a failed item (`itemId`) or on its own. When it belongs to a
 * visit, the visit must be of the same plan and still editable.
 */
export const findingCreate = defineMutation({
  name: 'finding.create',
  since: 1,
  args: FindingEditableFields.extend({
    id: Id,
    planId: Id,
    inspectionId: Id.nullable(),
    itemId: Id.nullable(),
    unitId: Id,
    createdAt: IsoDateTime,
    moneyInvolvedYuan: FindingEditableFields.shape.moneyInvolvedYuan.default(null),
    moneyRecoveredYuan: FindingEditableFields.shape.moneyRecoveredYuan.default(null),
    unitsConcerned: FindingEditableFields.shape.unitsConcerned.default([]),
    peopleConcerned: FindingEditableFields.shape.peopleConcerned.default([]),
    evidence: FindingEditableFields.shape.evidence.default([]),
    recommendedForm: FindingEditableFields.shape.recommendedForm.default(null),
    isClue: FindingEditableFields.shape.isClue.default(false),
    proposedRectification: FindingEditableFields.shape.proposedRectification.default(null),
  }),
  apply(args, tx, ctx) {
    requirePlanAccess(ctx, args.planId, 'write');
    if (args.inspectionId !== null) {
      const inspection = requireEditableInspection(tx, ctx, args.inspectionId);
      if (inspection.planId !== args.planId) reject('common.not_found');
    }
    if (tx.get('finding', args.id)) reject('sync.already_exists');
    const { id, createdAt, ...fields } = args;
    tx.put(
      createRecord(
        'finding',
        id,
        args.planId,
        toFields({ ...fields, createdBy: ctx.userId, createdAt }),
        ctx,
      ),
    );
  },
});

/** A partial field patch. Findings stay editable after the visit is submitted (review). */
export const findingUpdate = defineMutation({
  name: 'finding.update',
  since: 1,
  args: fieldPatchArgs({ id: Id }, FindingEditableFields.shape),
  apply(args, tx, ctx) {
    const finding = loadVisible(tx, ctx, 'finding', args.id);
    requirePlanAccess(ctx, finding.planId, 'write');
    patchRecord(tx, ctx, finding, patchOf(args));
  },
});

export const findingDelete = defineMutation({
  name: 'finding.delete',
  since: 1,
  args: z.object({ id: Id, baseVersion: z.int().nonnegative().nullable() }),
  apply(args, tx, ctx) {
    const finding = loadVisible(tx, ctx, 'finding', args.id);
    requirePlanAccess(ctx, finding.planId, 'write');
    const out = deleteRecord(finding, args.baseVersion, ctx);
    if (out.changed) tx.put(out.record);
    tx.recordConflicts(out.conflicts, finding.planId);
  },
});
