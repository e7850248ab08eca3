import { createHash } from 'node:crypto';
import type { MessageKey } from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { SessionUser } from '../auth/session.service';
import { canReadFile } from '../authz/policy';
import { attachmentDb } from './attachment.tables';
import type { AttachmentConfig } from './attachment.config';
import type { FileStore } from './file-store';
import {
  SNIFF_BYTES,
  contentMatchesMimeType,
  isAllowedMimeType,
  type AllowedMimeType,
} from './mime-sniff';

/** A refusal with its HTTP status and catalogue key; routes render it in the caller's locale. */
export class UploadError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    /** The upload's accepted offset, when the client should resume from there. */
    readonly offset?: number,
  ) {
    super(messageKey);
    this.name = 'UploadError';
  }
}

export interface UploadContext {
  deps: AppDeps;
  store: FileStore;
  config: AttachmentConfig;
}

export type CreateUploadResult =
  | { status: 'exists'; sha256: string }
  | { status: 'created'; uploadId: string; offset: number; size: number };

export interface CreateUploadInput {
  sha256: string;
  size: number;
  mime: string;
}

const notFound = () => new UploadError(404, 'common.not_found');

function tooLarge(config: AttachmentConfig) {
  return new UploadError(413, 'upload.too_large', {
    maxMiB: Math.floor((config.maxFileBytes / (1024 * 1024)) * 10) / 10,
  });
}

/**
 * Starts (or resumes) an upload of the file `sha256`. A file the server already holds is not
 * uploaded again: the answer says so and nothing is created (de-duplication). Knowing a hash
 * grants nothing else — reading still needs a visible record that references the file.
 */
export async function createUpload(
  ctx: UploadContext,
  user: SessionUser,
  input: CreateUploadInput,
): Promise<CreateUploadResult> {
  const { deps, config } = ctx;
  if (input.size > config.maxFileBytes) throw tooLarge(config);
  if (!isAllowedMimeType(input.mime)) throw new UploadError(415, 'upload.unsupported_type');
  const db = attachmentDb(deps.db);

  const existing = await db
    .selectFrom('files')
    .select('sha256')
    .where('sha256', '=', input.sha256)
    .executeTakeFirst();
  if (existing) return { status: 'exists', sha256: input.sha256 };

  const now = deps.clock.now();
  // One upload per user and hash: a device whose creation response was lost gets the same one.
  const row = await db
    .insertInto('uploads')
    .values({
      user_id: user.id,
      sha256: input.sha256,
      size: input.size,
      mime_type: input.mime,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'sha256']).doUpdateSet((eb) => ({
        // A changed declaration restarts the upload: the bytes so far were for another size/type.
        upload_offset: eb
          .case()
          .when(
            eb.and([
              eb('uploads.size', '=', eb.ref('excluded.size')),
              eb('uploads.mime_type', '=', eb.ref('excluded.mime_type')),
            ]),
          )
          .then(eb.ref('uploads.upload_offset'))
          .else(0)
          .end(),
        size: eb.ref('excluded.size'),
        mime_type: eb.ref('excluded.mime_type'),
        updated_at: now,
      })),
    )
    .returning(['id', 'upload_offset', 'size'])
    .executeTakeFirstOrThrow();
  return { status: 'created', uploadId: row.id, offset: row.upload_offset, size: row.size };
}

async function ownUpload(ctx: UploadContext, user: SessionUser, uploadId: string) {
  return attachmentDb(ctx.deps.db)
    .selectFrom('uploads')
    .select(['id', 'sha256', 'size', 'mime_type', 'upload_offset'])
    .where('id', '=', uploadId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
}

/** How far an upload got; another user's upload answers like a missing one. */
export async function uploadProgress(ctx: UploadContext, user: SessionUser, uploadId: string) {
  const row = await ownUpload(ctx, user, uploadId);
  if (!row) throw notFound();
  return { offset: row.upload_offset, size: row.size };
}

export type ChunkResult =
  | { complete: false; offset: number; size: number }
  | { complete: true; offset: number; size: number; sha256: string };

/**
 * Accepts the bytes of `uploadId` starting at `offset`. The bytes are written before the offset
 * moves, and the offset moves only from the value the client named, so a retried or duplicated
 * chunk either lands once or is refused with the current offset (409). When the last byte
 * arrives the whole file is hashed: a mismatch deletes everything received.
 */
export async function appendChunk(
  ctx: UploadContext,
  user: SessionUser,
  uploadId: string,
  offset: number,
  bytes: Uint8Array,
): Promise<ChunkResult> {
  const { deps, store } = ctx;
  const db = attachmentDb(deps.db);
  const upload = await ownUpload(ctx, user, uploadId);
  if (!upload) throw notFound();
  if (offset !== upload.upload_offset) {
    throw new UploadError(409, 'upload.offset_mismatch', {}, upload.upload_offset);
  }
  if (offset + bytes.length > upload.size) {
    throw new UploadError(413, 'upload.exceeds_declared_size', {}, upload.upload_offset);
  }
  const mime = upload.mime_type as AllowedMimeType;
  // Refuse a wrong type as soon as its first bytes arrive rather than after the whole file.
  if (offset === 0 && bytes.length >= Math.min(SNIFF_BYTES, upload.size)) {
    if (!contentMatchesMimeType(mime, bytes.subarray(0, SNIFF_BYTES))) {
      await discard(ctx, upload.id);
      throw new UploadError(415, 'upload.type_mismatch');
    }
  }

  if (bytes.length > 0) await store.writeChunk(upload.id, offset, bytes);
  const newOffset = offset + bytes.length;
  const moved = await db
    .updateTable('uploads')
    .set({ upload_offset: newOffset, updated_at: deps.clock.now() })
    .where('id', '=', upload.id)
    .where('upload_offset', '=', offset)
    .returning('upload_offset')
    .executeTakeFirst();
  if (!moved) {
    // A concurrent request for the same offset won; our bytes were the same range.
    const now = await ownUpload(ctx, user, uploadId);
    if (!now) throw notFound();
    throw new UploadError(409, 'upload.offset_mismatch', {}, now.upload_offset);
  }
  if (newOffset < upload.size) return { complete: false, offset: newOffset, size: upload.size };
  await complete(ctx, user, { id: upload.id, sha256: upload.sha256, size: upload.size, mime });
  return { complete: true, offset: newOffset, size: upload.size, sha256: upload.sha256 };
}

async function discard(ctx: UploadContext, uploadId: string): Promise<void> {
  await attachmentDb(ctx.deps.db).deleteFrom('uploads').where('id', '=', uploadId).execute();
  await ctx.store.discardUpload(uploadId);
}

async function complete(
  ctx: UploadContext,
  user: SessionUser,
  upload: { id: string; sha256: string; size: number; mime: AllowedMimeType },
): Promise<void> {
  const hash = createHash('sha256');
  const head: Uint8Array[] = [];
  let headLength = 0;
  for await (const chunk of ctx.store.readUpload(upload.id, upload.size)) {
    hash.update(chunk);
    if (headLength < SNIFF_BYTES) {
      head.push(chunk);
      headLength += chunk.length;
    }
  }
  if (hash.digest('hex') !== upload.sha256) {
    await discard(ctx, upload.id);
    throw new UploadError(422, 'upload.hash_mismatch');
  }
  if (!contentMatchesMimeType(upload.mime, Buffer.concat(head).subarray(0, SNIFF_BYTES))) {
    await discard(ctx, upload.id);
    throw new UploadError(415, 'upload.type_mismatch');
  }
  await ctx.store.finalize(upload.id, upload.sha256, upload.size);
  const db = attachmentDb(ctx.deps.db);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('files')
      .values({
        sha256: upload.sha256,
        size: upload.size,
        mime_type: upload.mime,
        uploaded_by: user.id,
        created_at: ctx.deps.clock.now(),
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await tx.deleteFrom('uploads').where('id', '=', upload.id).execute();
  });
}

/** Abandons an unfinished upload of the caller. */
export async function abandonUpload(ctx: UploadContext, user: SessionUser, uploadId: string) {
  const upload = await ownUpload(ctx, user, uploadId);
  if (!upload) throw notFound();
  await discard(ctx, upload.id);
}

/**
 * A stored file the caller may read, or null — "not stored" and "not yours to see" are the same
 * answer (authz/policy.ts canReadFile).
 */
export async function readableFile(ctx: UploadContext, user: SessionUser, sha256: string) {
  if (!(await canReadFile(ctx.deps.db, user, sha256))) return null;
  const row = await attachmentDb(ctx.deps.db)
    .selectFrom('files')
    .select(['sha256', 'size', 'mime_type'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!row || !(await ctx.store.stat(sha256))) return null;
  return { sha256: row.sha256, size: row.size, mimeType: row.mime_type };
}

/** Deletes uploads nobody touched for `maxIdleMs` (housekeeping). Returns how many. */
export async function purgeStaleUploads(ctx: UploadContext, maxIdleMs: number): Promise<number> {
  const cutoff = new Date(ctx.deps.clock.now().getTime() - maxIdleMs);
  const stale = await attachmentDb(ctx.deps.db)
    .deleteFrom('uploads')
    .where('updated_at', '<', cutoff)
    .returning('id')
    .execute();
  for (const { id } of stale) await ctx.store.discardUpload(id);
  return stale.length;
}
