import { z } from 'zod';
import { FieldConflict, restoreConflict, setSystemFields } from '../field-merge';
import {
  defineMutation,
  loadLive,
  reject,
  requireEditableInspection,
  requirePlanAccess,
} from '../mutation-def';
import { RecordId, type SyncEntityType } from '../sync-record';

/** Records that live inside a visit, and are locked with it. */
const INSIDE_INSPECTION: readonly SyncEntityType[] = ['answer', 'note', 'attachment'];

/**
 * Settles a conflict: `keep` accepts the winner, `restore` writes the lost value back (and
 * undeletes the record for the delete kinds). Either way the conflict stays in the history,
 * marked with who settled it. Settling a settled conflict again does nothing. New in version 2,
 * so a version-1 app cannot send it.
 */
export const conflictResolve = defineMutation({
  name: 'conflict.resolve',
  since: 2,
  args: z.object({ id: RecordId, action: z.enum(['keep', 'restore']) }),
  apply(args, tx, ctx) {
    const record = loadLive(tx, ctx, 'conflict', args.id);
    requirePlanAccess(ctx, record.planId, 'write');
    const parsed = FieldConflict.safeParse(record.fields);
    if (!parsed.success) reject('common.not_found');
    const conflict = parsed.data;
    if (conflict.resolution) return;
    const target = args.action === 'restore' ? tx.get(conflict.entity, conflict.id) : undefined;
    // A device keeps no deleted records (the server does): restoring one it no longer holds goes
    // through optimistically, and the pull brings the record back once the server restored it.
    const serverOnly = args.action === 'restore' && !target && !ctx.recordConflicts;
    if (args.action === 'restore' && !serverOnly) {
      if (!target || target.planId !== record.planId) reject('common.not_found');
      if (INSIDE_INSPECTION.includes(target.type)) {
        requireEditableInspection(tx, ctx, target.fields.inspectionId);
      }
      const out = restoreConflict(conflict, target, ctx);
      if (out.changed) tx.put(out.record);
      tx.recordConflicts(out.conflicts, target.planId);
    }
    const action = args.action === 'keep' ? 'kept' : 'restored';
    tx.put(
      setSystemFields(record, { resolution: { action, by: ctx.userId, at: ctx.actedAt } }, ctx),
    );
  },
});
