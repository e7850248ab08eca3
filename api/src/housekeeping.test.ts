import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from './auth/session.service';
import { STALE_UPLOAD_MS, loadAttachmentConfig } from './attachments/attachment.config';
import { attachmentDb } from './attachments/attachment.tables';
import { createFsFileStore } from './attachments/fs-file-store';
import { appendChunk, createUpload, type UploadContext } from './attachments/upload.service';
import { housekeeping } from './housekeeping';
import { setupTestEnv, type TestEnv } from './test/harness';

let env: TestEnv;
let dataDir: string;
let ctx: UploadContext;
let inspector: SessionUser;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ducha-housekeeping-'));
  env = await setupTestEnv({ config: { dataDir } });
  ctx = { deps: env.deps, store: createFsFileStore(dataDir), config: loadAttachmentConfig({}) };
  const row = await env.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'inspector')
    .executeTakeFirstOrThrow();
  inspector = {
    id: row.id,
    username: 'inspector',
    displayName: '张明',
    role: 'inspector',
    locale: 'zh-CN',
    unitId: null,
    scopeUnitId: null,
    teamIds: [],
  };
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await env.cleanup();
});

const DAY = 24 * 60 * 60_000;

/** A started PNG upload with its first `sent` bytes received. */
async function startedUpload(size: number, sent: number) {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const created = await createUpload(ctx, inspector, { sha256, size, mime: 'image/png' });
  if (created.status !== 'created') throw new Error('expected a new upload');
  await appendChunk(ctx, inspector, created.uploadId, 0, bytes.subarray(0, sent));
  return { id: created.uploadId, bytes };
}

const uploadRow = (id: string) =>
  attachmentDb(env.db).selectFrom('uploads').select('id').where('id', '=', id).executeTakeFirst();

describe('housekeeping', () => {
  it('purges uploads idle for longer than STALE_UPLOAD_MS, bytes included, and keeps the rest', async () => {
    const abandoned = await startedUpload(4000, 1000);
    const resumed = await startedUpload(4000, 1000);
    expect(existsSync(path.join(dataDir, 'uploads', abandoned.id))).toBe(true);

    // The second device comes back online after ten days and sends another chunk.
    env.clock.advance(10 * DAY);
    await appendChunk(ctx, inspector, resumed.id, 1000, resumed.bytes.subarray(1000, 2000));

    env.clock.advance(STALE_UPLOAD_MS - 10 * DAY + 1);
    const first = await housekeeping(env.deps, { store: ctx.store });
    expect(first.staleUploads).toBe(1);
    expect(await uploadRow(abandoned.id)).toBeUndefined();
    expect(existsSync(path.join(dataDir, 'uploads', abandoned.id))).toBe(false);
    expect(await uploadRow(resumed.id)).toBeDefined();
    expect(existsSync(path.join(dataDir, 'uploads', resumed.id))).toBe(true);

    // The resumed one goes too once it has been idle as long.
    env.clock.advance(10 * DAY);
    expect((await housekeeping(env.deps, { store: ctx.store })).staleUploads).toBe(1);
    expect(await uploadRow(resumed.id)).toBeUndefined();
  });

  it('uses the filesystem store under the data directory by default', async () => {
    const upload = await startedUpload(3000, 500);
    env.clock.advance(STALE_UPLOAD_MS + 1);
    expect((await housekeeping(env.deps)).staleUploads).toBe(1);
    expect(existsSync(path.join(dataDir, 'uploads', upload.id))).toBe(false);
  });
});
