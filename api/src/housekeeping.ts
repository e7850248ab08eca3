import type { AppDeps } from './deps';
import { pruneLoginAttempts } from './auth/login-limit.service';
import { loadAttachmentConfig, STALE_UPLOAD_MS } from './attachments/attachment.config';
import type { FileStore } from './attachments/file-store';
import { createFsFileStore } from './attachments/fs-file-store';
import { purgeStaleUploads } from './attachments/upload.service';

export interface HousekeepingOptions {
  /** Where upload bytes live (default: the filesystem store under the data directory). */
  store?: FileStore;
}

/**
 * Deletes sessions past either expiry, login attempts too old to matter, and unfinished uploads
 * nobody resumed for STALE_UPLOAD_MS (their bytes too). Returns what it removed, for the log.
 */
export async function housekeeping(
  deps: AppDeps,
  opts: HousekeepingOptions = {},
): Promise<{ staleUploads: number }> {
  const now = deps.clock.now();
  const idleCutoff = new Date(now.getTime() - deps.config.session.idleMs);
  await deps.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .execute();
  await pruneLoginAttempts(deps.db, deps.config.loginLimit, now);
  const store = opts.store ?? createFsFileStore(deps.config.dataDir);
  const staleUploads = await purgeStaleUploads(
    { deps, store, config: loadAttachmentConfig() },
    STALE_UPLOAD_MS,
  );
  return { staleUploads };
}
