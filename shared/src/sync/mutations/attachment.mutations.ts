import { z } from 'zod';
import { GeoPoint, Id, IsoDateTime, Sha256Hex, ShortText } from '../../domain/common.schema';
import { Attachment } from '../../domain/inspection.schema';
import { createRecord } from '../field-merge';
import { defineMutation, reject, requireEditableInspection, toFields } from '../mutation-def';
import { MAX_ATTACHMENT_BYTES } from '../protocol';

/**
 * Attaches a photo or document to a visit (or one of its items) by the SHA-256 of its bytes.
 * The record travels through push like any other; the bytes travel separately through the
 * resumable upload, which verifies the hash (README.md, "Attachments"). A record may therefore
 * arrive before its bytes: devices show it as "uploading" until the server has them.
 */
export const attachmentAttach = defineMutation({
  name: 'attachment.attach',
  since: 1,
  args: z.object({
    id: Id,
    inspectionId: Id,
    itemId: Id.nullable().default(null),
    sha256: Sha256Hex,
    fileName: ShortText,
    mimeType: Attachment.shape.mimeType,
    size: z.int().min(1).max(MAX_ATTACHMENT_BYTES),
    capturedAt: IsoDateTime.nullable().default(null),
    place: GeoPoint.nullable().default(null),
    addedAt: IsoDateTime,
  }),
  apply(args, tx, ctx) {
    const inspection = requireEditableInspection(tx, ctx, args.inspectionId);
    if (tx.get('attachment', args.id)) reject('sync.already_exists');
    const { id, ...fields } = args;
    tx.put(
      createRecord(
        'attachment',
        id,
        inspection.planId,
        toFields({ ...fields, addedBy: ctx.userId }),
        ctx,
      ),
    );
  },
});
