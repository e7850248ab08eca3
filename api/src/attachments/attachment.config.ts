import { MAX_ATTACHMENT_BYTES } from '@ducha/shared';
import { z } from 'zod';

export interface AttachmentConfig {
  /** Largest file accepted (never above the shared protocol's limit, which records also obey). */
  maxFileBytes: number;
  /** Largest body of one PATCH. */
  maxChunkBytes: number;
}

export const MAX_CHUNK_BYTES = 1024 * 1024;

/*
 * An unfinished upload nobody resumed for this long is deleted by housekeeping (bytes included).
 * Generous on purpose: an inspector may stay offline for days after a visit, and a purged upload
 * only restarts from offset 0 (the device still holds the blob), it loses nothing.
 */
export const STALE_UPLOAD_MS = 14 * 24 * 60 * 60_000;

const Env = z.object({
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(MAX_ATTACHMENT_BYTES).optional(),
});

/** `UPLOAD_MAX_BYTES` (default and ceiling: MAX_ATTACHMENT_BYTES of @ducha/shared, 25 MiB). */
export function loadAttachmentConfig(env: NodeJS.ProcessEnv = process.env): AttachmentConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: UPLOAD_MAX_BYTES must be 1…${MAX_ATTACHMENT_BYTES}`);
  }
  return {
    maxFileBytes: parsed.data.UPLOAD_MAX_BYTES ?? MAX_ATTACHMENT_BYTES,
    maxChunkBytes: MAX_CHUNK_BYTES,
  };
}
