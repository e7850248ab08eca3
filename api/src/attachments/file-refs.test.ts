import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteRecord, type SyncRecord } from '@ducha/shared';
import { createApp } from '../app';
import { openPostgres, type Database } from '../db/database';
import { login, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { withRetry } from '../sync/sync-errors';
import { toRecord, writeRecords } from '../sync/sync-record.store';
import { mutation, T, type Caller } from '../sync/sync-test-support';
import { syncDb } from '../sync/sync.schema';
import { attachmentDb } from './attachment.tables';

/*
 * `file_refs` lets whoever may see a plan download a file a live record of that plan references
 * (authz/policy.ts canReadFile). Deleting the last such record takes the right away; restoring
 * one gives it back (migration 0013). Through the real upload, sync and download paths.
 */

let env: TestEnv;
let dataDir: string;
let app: ReturnType<typeof createApp>;
const cookies: Record<string, string> = {};
let inspector: Caller;
let plan: { id: string; templateId: string; templateVersion: number };
const BASE = 'http://ducha.test';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ducha-file-refs-'));
  env = await setupTestEnv({ config: { dataDir } });
  app = createApp(env.deps);
  for (const user of ['inspector', 'chenjing', 'liuyang']) {
    cookies[user] = `ducha_session=${(await login(env.deps, user)).token}`;
  }
  inspector = await signedIn(env.deps, 'inspector');
  // A visit of 第一检查组 (inspector, chenjing) that 刘洋 does not see.
  const others = await (await signedIn(env.deps, 'liuyang')).plan.list();
  const found = (await inspector.plan.list()).find(
    (p) => p.status === 'in_progress' && !others.some((o) => o.id === p.id),
  );
  if (!found) throw new Error('the demo has no in-progress plan of one team only');
  plan = found;
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await env.cleanup();
});

/** Uploads a small PNG as `user` through the upload routes; returns its hash. */
async function upload(user: string): Promise<string> {
  const bytes = new Uint8Array(randomBytes(1200));
  bytes.set(PNG_SIGNATURE);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const created = await app.request(`${BASE}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies[user]! },
    body: JSON.stringify({ sha256: hash, size: bytes.length, mime: 'image/png' }),
  });
  expect(created.status).toBe(201);
  const { uploadId } = (await created.json()) as { uploadId: string };
  const sent = await app.request(`${BASE}/uploads/${uploadId}`, {
    method: 'PATCH',
    headers: {
      cookie: cookies[user]!,
      'content-type': 'application/offset+octet-stream',
      'upload-offset': '0',
    },
    body: bytes,
  });
  expect(sent.status).toBe(200);
  return hash;
}

const download = async (user: string, hash: string) =>
  (await app.request(`${BASE}/files/${hash}`, { headers: { cookie: cookies[user]! } })).status;

/** A phone of the inspector that starts a visit and attaches files to it through sync.push. */
function phone() {
  const deviceId = randomUUID();
  const visit = randomUUID();
  let next = 1;
  const push = async (name: string, args: unknown) => {
    const res = await inspector.sync.push({ deviceId, mutations: [mutation(next++, name, args)] });
    expect(res.results[0]).toMatchObject({ status: 'applied' });
  };
  return {
    start: () =>
      push('inspection.start', {
        id: visit,
        planId: plan.id,
        templateId: plan.templateId,
        templateVersion: plan.templateVersion,
        startedAt: T,
      }),
    async attach(sha256: string): Promise<string> {
      const id = randomUUID();
      await push('attachment.attach', {
        id,
        inspectionId: visit,
        sha256,
        fileName: '现场照片.png',
        mimeType: 'image/png',
        size: 1200,
        addedAt: T,
      });
      return id;
    },
  };
}

async function attachmentRecord(db: Database, id: string): Promise<SyncRecord> {
  const row = await syncDb(db)
    .selectFrom('sync_records')
    .selectAll()
    .where('type', '=', 'attachment')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

const CTX = {
  userId: randomUUID(),
  deviceId: randomUUID(),
  mutationId: 1,
  at: T,
  recordConflicts: false,
};

/**
 * The record tombstoned, or restored, as the store writes every record. (No mutation deletes an
 * attachment yet; whichever does will write its tombstone through `writeRecords` too.)
 */
async function setDeleted(db: Database, id: string, deleted: boolean): Promise<SyncRecord> {
  const record = await attachmentRecord(db, id);
  const version = record.version + 1;
  const next = deleted
    ? deleteRecord(record, null, { ...CTX, version }).record
    : { ...record, version, deleted: null };
  return next;
}

async function refsOf(hash: string): Promise<string[]> {
  const rows = await attachmentDb(env.db)
    .selectFrom('file_refs')
    .select('plan_id')
    .where('sha256', '=', hash)
    .execute();
  return rows.map((r) => r.plan_id);
}

describe('file references follow the live records', () => {
  it('a deleted attachment no longer lets the plan read its file; a restored one does again', async () => {
    const hash = await upload('inspector');
    expect(await download('chenjing', hash)).toBe(404);

    const device = phone();
    await device.start();
    const first = await device.attach(hash);
    const second = await device.attach(hash);
    expect(await refsOf(hash)).toEqual([plan.id]);
    expect(await download('chenjing', hash)).toBe(200);
    expect(await download('liuyang', hash)).toBe(404);

    const sdb = syncDb(env.db);
    // One of two records deleted: the other still references the file.
    await writeRecords(sdb, [await setDeleted(env.db, first, true)]);
    expect(await refsOf(hash)).toEqual([plan.id]);
    expect(await download('chenjing', hash)).toBe(200);

    // The last one deleted: only the uploader may still read it.
    await writeRecords(sdb, [await setDeleted(env.db, second, true)]);
    expect(await refsOf(hash)).toEqual([]);
    expect(await download('chenjing', hash)).toBe(404);
    expect(await download('inspector', hash)).toBe(200);

    // Rewriting the tombstone changes nothing; a restore gives the right back.
    await writeRecords(sdb, [await setDeleted(env.db, second, true)]);
    expect(await download('chenjing', hash)).toBe(404);
    await writeRecords(sdb, [await setDeleted(env.db, first, false)]);
    expect(await refsOf(hash)).toEqual([plan.id]);
    expect(await download('chenjing', hash)).toBe(200);
    expect(await download('liuyang', hash)).toBe(404);
  });

  it('a record removed for good takes its reference with it', async () => {
    const hash = await upload('inspector');
    const device = phone();
    await device.start();
    const id = await device.attach(hash);
    expect(await download('chenjing', hash)).toBe(200);
    await syncDb(env.db)
      .deleteFrom('sync_records')
      .where('type', '=', 'attachment')
      .where('id', '=', id)
      .execute();
    expect(await refsOf(hash)).toEqual([]);
    expect(await download('chenjing', hash)).toBe(404);
  });
});

/*
 * Two transactions deciding about the same (file, plan) at once, on real PostgreSQL. Each sees
 * a snapshot from before the other's commit; deciding on it alone would keep a reference no live
 * record holds (two deletes) or drop one a live record holds (a delete and an attach). The
 * trigger takes the reference's row lock first, so the second fails with 40001 and retries on a
 * fresh snapshot, as every sync write does.
 */
describe('file references under concurrent writes', () => {
  /**
   * Runs `first` in a transaction that stays open until `second` (retried as sync retries it)
   * has started and is waiting for a lock; returns how many attempts `second` took.
   */
  async function race(
    db: Database,
    first: SyncRecord,
    second: () => Promise<SyncRecord>,
  ): Promise<number> {
    let attempts = 0;
    let firstWrote!: () => void;
    const wrote = new Promise<void>((r) => (firstWrote = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const one = db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await writeRecords(syncDb(trx), [first]);
        firstWrote();
        await gate;
      });
    await wrote;
    const two = withRetry(() =>
      db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          attempts++;
          const record = await second();
          await writeRecords(syncDb(trx), [record]);
        }),
    );
    let twoDone = false;
    void two.finally(() => (twoDone = true)).catch(() => undefined);
    // Let the first commit once the second waits for the lock it holds (or, were nothing
    // locked, once the second committed on its stale snapshot: the assertions then fail).
    while (!twoDone) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      if (rows[0]!.n > 0) break;
      await sleep(5);
    }
    release();
    await Promise.all([one, two]);
    return attempts;
  }

  it('two attachments of one file deleted at once leave no reference behind', async (t) => {
    if (env.backend !== 'postgres') return t.skip();
    const pool = openPostgres({ connectionString: inject('pgTestUrl'), searchPath: env.schema });
    try {
      const hash = await upload('inspector');
      const device = phone();
      await device.start();
      const a = await device.attach(hash);
      const b = await device.attach(hash);
      const attempts = await race(pool.db, await setDeleted(env.db, a, true), () =>
        setDeleted(env.db, b, true),
      );
      expect(attempts).toBe(2);
      expect(await refsOf(hash)).toEqual([]);
      expect(await download('chenjing', hash)).toBe(404);
    } finally {
      await pool.close();
    }
  });

  it('an attachment deleted while another of the same file is attached keeps the reference', async (t) => {
    if (env.backend !== 'postgres') return t.skip();
    const pool = openPostgres({ connectionString: inject('pgTestUrl'), searchPath: env.schema });
    try {
      for (const deleteFirst of [true, false]) {
        const hash = await upload('inspector');
        const device = phone();
        await device.start();
        const a = await device.attach(hash);
        const tombstone = await setDeleted(env.db, a, true);
        const b = await attachmentRecord(env.db, a);
        const attached: SyncRecord = { ...b, id: randomUUID(), version: b.version + 2 };
        const attempts = deleteFirst
          ? await race(pool.db, tombstone, async () => attached)
          : await race(pool.db, attached, async () => tombstone);
        // A delete first: the attach waits for it, then inserts the reference anew. An attach
        // first: the delete waits, fails with 40001, and retried, sees the new record.
        expect(attempts).toBe(deleteFirst ? 1 : 2);
        expect(await refsOf(hash)).toEqual([plan.id]);
        expect(await download('chenjing', hash)).toBe(200);
      }
    } finally {
      await pool.close();
    }
  });
});
