import { z } from 'zod';
import { Id, IsoDateTime, Sha256Hex } from '../../domain/common.schema';
import { TalkRecord } from '../../domain/talk.schema';
import { talkSignProblems } from '../../domain/talk-rules';
import { createRecord, setSystemFields } from '../field-merge';
import {
  defineMutation,
  fieldPatchArgs,
  loadLive,
  loadVisible,
  patchOf,
  patchRecord,
  reject,
  requireEditableInspection,
  requirePlanAccess,
  toFields,
} from '../mutation-def';

/** What the team writes into a 约谈 record until it is signed, each field merged on its own. */
export const TalkEditableFields = TalkRecord.pick({
  heldAt: true,
  place: true,
  participants: true,
  exchanges: true,
  commitments: true,
});

/**
 * Opens the record of a 约谈 (廉政谈话备忘录) under a plan, within a visit (`inspectionId`, which
 * must then be of the same plan and still editable) or on its own.
 */
export const talkCreate = defineMutation({
  name: 'talk.create',
  since: 2,
  args: TalkEditableFields.extend({
    id: Id,
    planId: Id,
    inspectionId: Id.nullable().default(null),
    unitId: Id,
    place: TalkEditableFields.shape.place.default(''),
    exchanges: TalkEditableFields.shape.exchanges.default([]),
    commitments: TalkEditableFields.shape.commitments.default([]),
    createdAt: IsoDateTime,
  }),
  apply(args, tx, ctx) {
    requirePlanAccess(ctx, args.planId, 'write');
    if (args.inspectionId !== null) {
      const inspection = requireEditableInspection(tx, ctx, args.inspectionId);
      if (inspection.planId !== args.planId) reject('common.not_found');
    }
    if (tx.get('talk', args.id)) reject('sync.already_exists');
    const { id, createdAt, ...fields } = args;
    tx.put(
      createRecord(
        'talk',
        id,
        args.planId,
        toFields({
          ...fields,
          signatureSha256: null,
          signedAt: null,
          signedBy: null,
          createdBy: ctx.userId,
          createdAt,
          updatedAt: createdAt,
        }),
        ctx,
      ),
    );
  },
});

/** Refuses once the record is signed: the signature covers what was written. */
function requireUnsigned(talk: { fields: Record<string, unknown> }): void {
  if (talk.fields.signatureSha256 !== null && talk.fields.signatureSha256 !== undefined) {
    reject('sync.talk_signed');
  }
}

/** A field patch, refused after signing. */
export const talkUpdate = defineMutation({
  name: 'talk.update',
  since: 2,
  args: fieldPatchArgs({ id: Id }, TalkEditableFields.shape),
  apply(args, tx, ctx) {
    const talk = loadVisible(tx, ctx, 'talk', args.id);
    requirePlanAccess(ctx, talk.planId, 'write');
    requireUnsigned(talk);
    const patched = patchRecord(tx, ctx, talk, patchOf(args));
    if (patched !== talk && !patched.deleted) {
      tx.put(setSystemFields(patched, { updatedAt: ctx.actedAt }, ctx));
    }
  },
});

/**
 * The person talked to signs (an image attachment, by hash): the record is final from then on.
 * Signing again with the same signature is done, not an error (a resend, or a teammate's phone
 * that captured the same image); another signature is refused. The record must name a 谈话人 and
 * a 谈话对象 and hold a question (`talkSignProblems`), as merged at the time of signing: a
 * teammate's edit that arrived first counts.
 */
export const talkSign = defineMutation({
  name: 'talk.sign',
  since: 2,
  args: z.object({ id: Id, signatureSha256: Sha256Hex, signedAt: IsoDateTime }),
  apply(args, tx, ctx) {
    const talk = loadLive(tx, ctx, 'talk', args.id);
    requirePlanAccess(ctx, talk.planId, 'write');
    if (talk.fields.signatureSha256 === args.signatureSha256) return;
    requireUnsigned(talk);
    if (talkSignProblems(talk.fields).length > 0) reject('sync.talk_incomplete');
    tx.put(
      setSystemFields(
        talk,
        {
          signatureSha256: args.signatureSha256,
          signedAt: args.signedAt,
          signedBy: ctx.userId,
          updatedAt: ctx.actedAt,
        },
        ctx,
      ),
    );
  },
});
