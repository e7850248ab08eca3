import { sql, type Kysely } from 'kysely';
import type { Change, PullOutcome, PullRequest } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { AppDeps } from '../deps';
import type { DB } from '../db/schema';
import { visiblePlanIds } from './sync-access';
import {
  REVOKED_PREFIX,
  START,
  compareKeys,
  decodeCursor,
  encodeCursor,
  recordChangeKey,
  splitChangeKey,
  type CursorPosition,
} from './sync-cursor';
import { withRetry } from './sync-errors';
import {
  SERVER_SCHEMA_RANGE,
  bindDevice,
  schemaFailure,
  type SchemaRange,
} from './sync-push.service';
import { syncDb, type SyncDatabase } from './sync.schema';

/*
 * sync.pull — why the cursor never skips a change.
 *
 * A version taken from a sequence (or now()) when a row is written is unsafe: rows become
 * visible in COMMIT order, not in the order their versions were taken, so a transaction that
 * took version 5 and commits after one that took 6 is skipped by a puller that already read up
 * to 6. Instead every write stamps its row with the writing transaction's id
 * (`xid xid8 = pg_current_xact_id()`), and a pull, in one REPEATABLE READ snapshot, reads only
 * rows with `xid < pg_snapshot_xmin(pg_current_snapshot())`. Every transaction with an xid below
 * xmin has finished (committed or aborted) in that snapshot, and any transaction still running,
 * or starting later, has an xid >= xmin. The cursor is the last (xid, key) delivered, or
 * (xmin, null) = "everything below xmin" when the stream is exhausted; it never passes xmin, so
 * a transaction that committed late is always still ahead of every cursor. Cost follows the
 * changes: an index range scan on (xid, type, id) from the cursor. (A long write transaction
 * holds xmin back and delays pulls: that is why a push is bounded, 500 mutations at most.)
 *
 * Revocations are rows of the same stream (`sync_revocations`, same xid rule), sent only for
 * plans the caller no longer sees; grants re-stamp the plan's rows with the granting xid, so a
 * new viewer pulls all of them, however old (see migration 0002-sync).
 */

interface Item {
  xid: bigint;
  key: string;
  change: Change;
}

export async function pullChanges(
  deps: AppDeps,
  user: SessionUser,
  req: PullRequest,
  range: SchemaRange = SERVER_SCHEMA_RANGE,
): Promise<PullOutcome> {
  const failure = schemaFailure(req.schemaVersion, range);
  if (failure) return { ok: false, failure };
  const db = syncDb(deps.db);
  const device = await withRetry(() => bindDevice(db, req.deviceId, user.id));
  if (!device.ok) return { ok: false, failure: { messageKey: 'sync.device_mismatch' } };
  const from = req.cursor === null ? START : decodeCursor(req.cursor);
  if (!from) return { ok: false, failure: { messageKey: 'sync.cursor_invalid' } };

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx): Promise<PullOutcome> => {
      // The device's last processed mutation below the same horizon as the changes: its effects
      // are in this stream (README: a device adopts it only from a complete pull). Read with the
      // horizon in one round trip (same snapshot: REPEATABLE READ).
      const { rows } = await sql<{ xmin: string; last: number | string | null }>`
        select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
          (select max(mutation_id) from sync_mutation_results
            where device_id = ${req.deviceId}
              and xid < pg_snapshot_xmin(pg_current_snapshot())) as last`.execute(trx);
      const xmin = BigInt(rows[0]!.xmin);
      // A cursor beyond the horizon was not written by this database (restored from a backup?).
      if (from.xid > xmin) return { ok: false, failure: { messageKey: 'sync.cursor_invalid' } };

      const own = req.elideOwn ? req.deviceId : null;
      const records = await recordChanges(trx, user, from, xmin, req.limit + 1, own);
      const revoked = await revocationChanges(trx, user, from, xmin, req.limit + 1);
      const items = [...records, ...revoked].sort((a, b) =>
        a.xid < b.xid ? -1 : a.xid > b.xid ? 1 : compareKeys(a.key, b.key),
      );
      const page = items.slice(0, req.limit);
      const hasMore = items.length > req.limit;
      const tail = page[page.length - 1];
      const cursor: CursorPosition =
        hasMore && tail ? { xid: tail.xid, key: tail.key } : { xid: xmin, key: null };
      return {
        ok: true,
        value: {
          changes: page.map((i) => i.change),
          cursor: encodeCursor(cursor),
          hasMore,
          lastMutationId: Number(rows[0]!.last ?? 0),
        },
      };
    });
}

/** `(xid, key) > cursor`, in SQL, for rows whose key is (keyA, keyB). */
function afterCursor(
  from: CursorPosition,
  xidCol: string,
  keyCmp: (a: string, b: string) => unknown,
) {
  const x = sql`${from.xid.toString()}::xid8`;
  if (from.key === null) return sql<boolean>`${sql.ref(xidCol)} >= ${x}`;
  return sql<boolean>`(${sql.ref(xidCol)} > ${x} or (${sql.ref(xidCol)} = ${x} and ${keyCmp(from.key, '')}))`;
}

async function recordChanges(
  trx: SyncDatabase,
  user: SessionUser,
  from: CursorPosition,
  xmin: bigint,
  limit: number,
  /** The pulling device, when it asked to have its own records left out (`elideOwn`). */
  own: string | null,
): Promise<Item[]> {
  const after = afterCursor(from, 'sync_records.xid', (key) => {
    if (key.startsWith(REVOKED_PREFIX)) return sql`false`;
    const k = splitChangeKey(key);
    return sql`(sync_records.type, sync_records.id) > (${k.type}::text collate "C", ${k.id}::text collate "C")`;
  });
  const rows = await trx
    .selectFrom('sync_records')
    .select([
      sql<string>`sync_records.xid::text`.as('xid'),
      'type',
      'id',
      'plan_id',
      'version',
      'deleted',
      'digest',
      'verified',
      // The fields of a record the device alone wrote are not even read.
      own === null
        ? sql<unknown>`sync_records.fields`.as('fields')
        : sql<unknown>`case when sync_records.origin_device = ${own}::uuid and sync_records.digest
            is not null then null else sync_records.fields end`.as('fields'),
    ])
    .where(after)
    .where(sql<boolean>`sync_records.xid < ${xmin.toString()}::xid8`)
    .where((eb) =>
      eb.or([
        eb('plan_id', 'is', null),
        sql<boolean>`sync_records.plan_id in ${visiblePlanIds(trx as unknown as Kysely<DB>, user)}`,
      ]),
    )
    .orderBy(sql`sync_records.xid`)
    .orderBy('type')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const version = Number(r.version);
    const type = r.type as Change['type'];
    const change: Change =
      r.deleted !== null
        ? { op: 'delete', type, id: r.id, version }
        : r.fields === null
          ? {
              op: 'own',
              type,
              id: r.id,
              planId: r.plan_id,
              version,
              digest: r.digest!,
              ...(r.verified ? { verified: true as const } : {}),
            }
          : {
              op: 'upsert',
              type: r.type as Change['type'],
              id: r.id,
              planId: r.plan_id,
              version,
              fields: r.fields as Record<string, never>,
            };
    return { xid: BigInt(r.xid), key: recordChangeKey(r.type, r.id), change };
  });
}

async function revocationChanges(
  trx: SyncDatabase,
  user: SessionUser,
  from: CursorPosition,
  xmin: bigint,
  limit: number,
): Promise<Item[]> {
  const after = afterCursor(from, 'sync_revocations.xid', (key) =>
    key.startsWith(REVOKED_PREFIX)
      ? sql`sync_revocations.plan_id::text collate "C" > ${key.slice(REVOKED_PREFIX.length)}::text collate "C"`
      : sql`true`,
  );
  const rows = await trx
    .selectFrom('sync_revocations')
    .select([sql<string>`sync_revocations.xid::text`.as('xid'), 'plan_id'])
    .where('user_id', '=', user.id)
    .where(after)
    .where(sql<boolean>`sync_revocations.xid < ${xmin.toString()}::xid8`)
    // A revocation of a plan the caller sees again (or still, through another grant) is moot.
    .where(
      sql<boolean>`sync_revocations.plan_id not in ${visiblePlanIds(trx as unknown as Kysely<DB>, user)}`,
    )
    .orderBy(sql`sync_revocations.xid`)
    .orderBy(sql`sync_revocations.plan_id::text collate "C"`)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    xid: BigInt(r.xid),
    key: REVOKED_PREFIX + r.plan_id,
    change: { op: 'revoked', type: 'plan', id: r.plan_id },
  }));
}
