import { z } from 'zod';
import { Id, LongText, Sha256Hex } from '../../domain/common.schema';
import { FollowUpVerdict } from '../../domain/enums';
import { FollowUpTargetKind } from '../../domain/follow-up.schema';
import { createRecord, setSystemFields } from '../field-merge';
import {
  defineMutation,
  fieldPatchArgs,
  patchOf,
  patchRecord,
  reject,
  requireEditableInspection,
} from '../mutation-def';
import { verdictRecordId } from '../sync-record';

/**
 * A 回头看 judgement on one target of the visit's plan (`plan.fields.followUp.items`): 整改到位 /
 * 部分整改 / 未整改 / 反弹 (`verdict`, null to clear it), with a comment and evidence. Like an
 * answer, it is a field patch on a record named by (visit, target), so two inspectors judging
 * the same item offline merge field by field; fields never set are absent.
 *
 * The target is not checked against the plan's current list: an item the supervisor closed
 * while the team was on site, offline, must not make their judgement bounce. What a verdict
 * does to the 整改台账 is the server's business (api/src/sync: a 反弹 on a ledger item reopens
 * it, in the same transaction); on a device the verdict is only recorded.
 */
export const followUpVerdict = defineMutation({
  name: 'followup.verdict',
  since: 2,
  args: fieldPatchArgs(
    { inspectionId: Id, targetKind: FollowUpTargetKind, targetId: Id },
    {
      verdict: FollowUpVerdict.nullable(),
      comment: LongText,
      evidence: z.array(Sha256Hex).max(100),
    },
  ),
  apply(args, tx, ctx) {
    const inspection = requireEditableInspection(tx, ctx, args.inspectionId);
    const plan = inspection.planId === null ? undefined : tx.get('plan', inspection.planId);
    if (plan?.fields.kind !== 'follow_up') reject('sync.not_follow_up');
    const id = verdictRecordId(args.inspectionId, args.targetKind, args.targetId);
    // Untouched fields start unstamped, so a first verdict never "overwrites" an empty field.
    const verdict =
      tx.get('verdict', id) ??
      createRecord(
        'verdict',
        id,
        inspection.planId,
        { inspectionId: args.inspectionId, targetKind: args.targetKind, targetId: args.targetId },
        ctx,
      );
    const patched = patchRecord(tx, ctx, verdict, patchOf(args));
    if (patched !== verdict && !patched.deleted) {
      tx.put(setSystemFields(patched, { judgedBy: ctx.userId, judgedAt: ctx.actedAt }, ctx));
    }
  },
});
