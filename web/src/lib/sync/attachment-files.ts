import type { Change, SyncRecord } from '@ducha/shared';
import { ofType, type LocalDb, type ThumbnailRow } from '$lib/db/local-db';
import type { AttachmentRow, AttachmentStatus } from '$lib/db/sync-tables';
import { byCodeUnit } from '$lib/format/compare';

/*
 * The device's file shelf beside the outbox: which hashes it holds, how far each upload got,
 * which pulled files it still lacks, thumbnails. Nothing here touches the outbox or the records
 * the screens read, so none of it can lose or reorder a user's change.
 */

/** A file as a screen needs it; `missing`: named by a record, not (yet) known to this device. */
export interface FileState {
  sha256: string;
  status: AttachmentStatus | 'missing';
  /** The bytes are on this device. */
  local: boolean;
  size: number;
  mimeType: string;
  /** Bytes the server confirmed in the last upload attempt (`queued-upload` only). */
  uploadOffset: number | null;
  /** Catalogue key of the server's refusal (`refused` only). */
  error: string | null;
}

export class AttachmentFiles {
  readonly #db: LocalDb;

  constructor(db: LocalDb) {
    this.#db = db;
  }

  /**
   * Files of pulled attachment records that this device lacks become `queued-download`: known,
   * fetched only when someone opens them (a visit's photos can be hundreds of MB). Returns how many
   * were added.
   */
  async noteReferenced(changes: readonly Change[]): Promise<number> {
    const wanted = new Map<string, AttachmentRow>();
    for (const c of changes) {
      if (c.op !== 'upsert' || c.type !== 'attachment') continue;
      const { sha256, size, mimeType } = c.fields as Partial<Record<string, unknown>>;
      if (typeof sha256 !== 'string' || wanted.has(sha256)) continue;
      wanted.set(sha256, {
        sha256,
        status: 'queued-download',
        blob: null,
        size: typeof size === 'number' ? size : 0,
        mimeType: typeof mimeType === 'string' ? mimeType : 'application/octet-stream',
      });
    }
    if (wanted.size === 0) return 0;
    const db = this.#db;
    return db.transaction('rw', db.attachments, async () => {
      const known = await db.attachments.bulkGet([...wanted.keys()]);
      const fresh = [...wanted.values()].filter((_, i) => known[i] === undefined);
      await db.attachments.bulkAdd(fresh);
      return fresh.length;
    });
  }

  /** Remembers how far an upload got, so a reloaded page shows it (the server decides resumes). */
  async setUploadOffset(sha256: string, offset: number): Promise<void> {
    await this.#db.attachments
      .where('sha256')
      .equals(sha256)
      .and((row) => row.status === 'queued-upload')
      .modify({ uploadOffset: offset });
  }

  async states(hashes: readonly string[]): Promise<Map<string, FileState>> {
    const rows = await this.#db.attachments.bulkGet([...hashes]);
    const out = new Map<string, FileState>();
    hashes.forEach((sha256, i) => {
      const row = rows[i];
      out.set(sha256, {
        sha256,
        status: row?.status ?? 'missing',
        local: Boolean(row?.blob),
        size: row?.size ?? 0,
        mimeType: row?.mimeType ?? '',
        uploadOffset: row?.uploadOffset ?? null,
        error: row?.error ?? null,
      });
    });
    return out;
  }

  async blob(sha256: string): Promise<Blob | null> {
    return (await this.#db.attachments.get(sha256))?.blob ?? null;
  }

  async thumbnail(sha256: string): Promise<ThumbnailRow | undefined> {
    return this.#db.thumbnails.get(sha256);
  }

  /**
   * Keeps downloaded bytes (already verified against the hash) with their thumbnail. A file the
   * device meanwhile got otherwise (the user attached the same bytes) is left as it is.
   */
  async storeDownloaded(
    sha256: string,
    blob: Blob,
    thumbnail: Omit<ThumbnailRow, 'sha256'> | null,
  ): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.attachments, db.thumbnails], async () => {
      const row = await db.attachments.get(sha256);
      if (row?.blob) return;
      await db.attachments.put({
        sha256,
        status: 'available',
        blob,
        size: blob.size,
        mimeType: blob.type || row?.mimeType || 'application/octet-stream',
      });
      if (thumbnail) await db.thumbnails.put({ ...thumbnail, sha256 });
    });
  }

  /** Adds a thumbnail made later (e.g. for a file that arrived before this feature). */
  async putThumbnail(sha256: string, thumbnail: Omit<ThumbnailRow, 'sha256'>): Promise<void> {
    await this.#db.thumbnails.put({ ...thumbnail, sha256 });
  }

  /**
   * Attachment records of a visit as the screen shows them (pending ones included), oldest
   * first; `itemId` undefined: all of them, null: the visit's own, else that item's.
   */
  async records(inspectionId: string, itemId?: string | null): Promise<SyncRecord[]> {
    const rows = await ofType(this.#db.records, 'attachment')
      .filter(
        (r) =>
          !r.deleted &&
          r.fields.inspectionId === inspectionId &&
          (itemId === undefined || (r.fields.itemId ?? null) === itemId),
      )
      .toArray();
    return rows
      .map(({ key: _key, ...record }) => record)
      .sort((a, b) => byCodeUnit(String(a.fields.addedAt), String(b.fields.addedAt)));
  }
}
