import type { MessageKey, Mutation, SyncRecord } from '@ducha/shared';

/** One record as the device stores it; `key` is `recordKey(type, id)`. */
export interface LocalRecord extends SyncRecord {
  key: string;
}

/**
 * A mutation the device made and the server has not yet confirmed: sent or not, its result known
 * or not (`SyncStateRow.ackedUpTo` says which), waiting until a complete pull reflects it, so the
 * screen never flickers back to the old value. Rejected ones leave for `RejectedRow`.
 */
export interface OutboxRow extends Mutation {
  /** Keys of the records this mutation last wrote locally: the per-record "not yet synced" mark. */
  keys: string[];
  /** Schema version 3 and before only (see local-db.ts, version 4). */
  status?: 'pending' | 'applied' | 'rejected';
  reason?: MessageKey;
}

/** A mutation the server refused, kept with its reason until the user has read it. */
export interface RejectedRow extends Mutation {
  /** Made by IndexedDB: two rejections may carry the same mutation id (see rejectUnsentAttach). */
  seq?: number;
  reason: MessageKey;
  keys: string[];
}

export const SYNC_STATE_KEY = 'state';

export interface SyncStateRow {
  key: typeof SYNC_STATE_KEY;
  /** This installation, for this user; made once. A device id belongs to one user. */
  deviceId: string;
  /** The last mutation id this device handed out. */
  lastLocalMutationId: number;
  /**
   * Every mutation up to this id has its result from the server; the next push starts after it.
   * (Kept here, not on each outbox entry: acknowledging a push of 500 is then one write.)
   */
  ackedUpTo: number;
  /** Opaque position of the last complete pull; null before the first. */
  cursor: string | null;
  /** The server's last processed mutation of this device, from the last complete pull. */
  lastMutationId: number;
  lastSuccessAt: string | null;
  lastError: MessageKey | null;
  /**
   * Keys whose copy a replay changed after their claim (`Mutation.digests`) may have left: the
   * server could verify a claim that no longer describes them, so they are checked by digest.
   */
  distrusted?: string[];
}

/**
 * `queued-upload`: taken on this device, bytes not yet on the server (`uploadOffset`: how far the
 * last upload got). `uploaded`: the server holds them; the Blob stays for offline thumbnails.
 * `queued-download` / `available`: pulled records' files, fetched on demand. `refused`: the server
 * will never accept these bytes (wrong type, too large); `error` says why, and the attach that
 * named them is rejected on the device instead of pushed (LocalStore.rejectUnsentAttach).
 */
export type AttachmentStatus =
  'queued-upload' | 'uploaded' | 'queued-download' | 'available' | 'refused';

/** Attachment bytes by SHA-256 (lowercase hex). The upload/download logic lives elsewhere. */
export interface AttachmentRow {
  sha256: string;
  status: AttachmentStatus;
  blob: Blob | null;
  size: number;
  mimeType: string;
  /** Bytes the server has confirmed so far, for a resumable upload. */
  uploadOffset?: number;
  /** Message key of the server's final refusal (status `refused`). */
  error?: string;
}
