import { z } from 'zod';
import { Id, IsoDateTime, RequiredLongText } from '../../domain/common.schema';
import { createRecord, deleteRecord } from '../field-merge';
import {
  defineMutation,
  fieldPatchArgs,
  legacyArgs,
  loadVisible,
  patchOf,
  patchRecord,
  reject,
  requireEditableInspection,
} from '../mutation-def';

/**
 * Adds an on-site note. Schema version 1 had notes on the visit only, with their text in
 * `body`; version 2 attaches a note to the visit or to one item (`itemId`, null for the visit)
 * and calls the text `text`. A version-1 note still in an old phone's outbox is upgraded to a
 * visit note, so it is applied, not rejected.
 */
export const noteAdd = defineMutation({
  name: 'note.add',
  since: 1,
  args: z.object({
    id: Id,
    inspectionId: Id,
    itemId: Id.nullable(),
    text: RequiredLongText,
    createdAt: IsoDateTime,
  }),
  legacy: {
    1: legacyArgs(
      z.object({ id: Id, inspectionId: Id, body: RequiredLongText, createdAt: IsoDateTime }),
      ({ body, ...rest }) => ({ ...rest, itemId: null, text: body }),
    ),
  },
  apply(args, tx, ctx) {
    const inspection = requireEditableInspection(tx, ctx, args.inspectionId);
    if (tx.get('note', args.id)) reject('sync.already_exists');
    tx.put(
      createRecord(
        'note',
        args.id,
        inspection.planId,
        {
          inspectionId: args.inspectionId,
          itemId: args.itemId,
          text: args.text,
          createdBy: ctx.userId,
          createdAt: args.createdAt,
        },
        ctx,
      ),
    );
  },
});

export const noteUpdate = defineMutation({
  name: 'note.update',
  since: 1,
  args: fieldPatchArgs({ id: Id }, { text: RequiredLongText, itemId: Id.nullable() }),
  apply(args, tx, ctx) {
    const note = loadVisible(tx, ctx, 'note', args.id);
    requireEditableInspection(tx, ctx, note.fields.inspectionId);
    patchRecord(tx, ctx, note, patchOf(args));
  },
});

/** `baseVersion`: the note's version as last pulled, null if never pulled (made offline). */
export const noteDelete = defineMutation({
  name: 'note.delete',
  since: 1,
  args: z.object({ id: Id, baseVersion: z.int().nonnegative().nullable() }),
  apply(args, tx, ctx) {
    const note = loadVisible(tx, ctx, 'note', args.id);
    requireEditableInspection(tx, ctx, note.fields.inspectionId);
    const out = deleteRecord(note, args.baseVersion, ctx);
    if (out.changed) tx.put(out.record);
    tx.recordConflicts(out.conflicts, note.planId);
  },
});
