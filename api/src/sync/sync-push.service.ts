import { sql } from 'kysely';
import {
  MIN_SYNC_SCHEMA_VERSION,
  SYNC_SCHEMA_VERSION,
  checkSchemaVersion,
  recordKey,
  runMutation,
  sequenceMutation,
  type ApplyContext,
  type ApplyResult,
  type Mutation,
  type MutationResult,
  type PlanAccess,
  type PushOutcome,
  type PushRequest,
  type SyncEntityType,
  type SyncRecord,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { AppDeps } from '../deps';
import type { DB } from '../db/schema';
import type { Kysely } from 'kysely';
import { loadPlanAccess, loadReviewRight } from './sync-access';
import { applyServerEffects } from './sync-effects';
import { withRetry } from './sync-errors';
import { syncDb, type SyncDatabase } from './sync.schema';
import { loadRecordForUpdate, writeRecord } from './sync-record.store';

/*
 * sync.push (shared/src/sync/README.md §4). Each mutation is its own short transaction, so a
 * push never holds back the pull horizon (xmin) for long: lock the device row, sequence, run the
 * shared handler over records locked FOR UPDATE, write its records, its result and the device's
 * new last id together. REPEATABLE READ: a row changed by someone else after our snapshot fails
 * with 40001 and the whole mutation is retried, so two devices merging into one record never
 * lose an update.
 */

type DeviceBinding = { ok: true; lastMutationId: number } | { ok: false };

/** A device id belongs to the first user who syncs with it, and to no one else. */
export async function bindDevice(
  db: SyncDatabase,
  deviceId: string,
  userId: string,
): Promise<DeviceBinding> {
  // One round trip on every push and pull: insert-or-read. When another transaction inserts the
  // same new device concurrently, neither branch sees its row in this statement's snapshot, so
  // read it again.
  const { rows } = await sql<{ user_id: string; last_mutation_id: number }>`
    with inserted as (
      insert into sync_devices (device_id, user_id) values (${deviceId}, ${userId})
      on conflict (device_id) do nothing
      returning user_id, last_mutation_id
    )
    select user_id, last_mutation_id from inserted
    union all
    select user_id, last_mutation_id from sync_devices where device_id = ${deviceId}
    limit 1`.execute(db);
  const row =
    rows[0] ??
    (await db
      .selectFrom('sync_devices')
      .select(['user_id', 'last_mutation_id'])
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow());
  return row.user_id === userId
    ? { ok: true, lastMutationId: row.last_mutation_id }
    : { ok: false };
}

/** The mutation schema versions this server accepts (a test may narrow them). */
export interface SchemaRange {
  min: number;
  max: number;
}
export const SERVER_SCHEMA_RANGE: SchemaRange = {
  min: MIN_SYNC_SCHEMA_VERSION,
  max: SYNC_SCHEMA_VERSION,
};

export function schemaFailure(version: number, range: SchemaRange = SERVER_SCHEMA_RANGE) {
  // The shared check holds the real constants; a narrowed range is checked here the same way.
  const check =
    range === SERVER_SCHEMA_RANGE
      ? checkSchemaVersion(version)
      : version < range.min
        ? 'sync.client_outdated'
        : version > range.max
          ? 'sync.server_outdated'
          : 'ok';
  if (check === 'sync.client_outdated') {
    return { messageKey: check, minSchemaVersion: range.min } as const;
  }
  if (check === 'sync.server_outdated') {
    return { messageKey: check, maxSchemaVersion: range.max } as const;
  }
  return null;
}

export async function pushMutations(
  deps: AppDeps,
  user: SessionUser,
  req: PushRequest,
  range: SchemaRange = SERVER_SCHEMA_RANGE,
): Promise<PushOutcome> {
  for (const m of req.mutations) {
    const failure = schemaFailure(m.schemaVersion, range);
    if (failure) return { ok: false, failure };
  }
  const db = syncDb(deps.db);
  const device = await withRetry(() => bindDevice(db, req.deviceId, user.id));
  if (!device.ok) return { ok: false, failure: { messageKey: 'sync.device_mismatch' } };
  if (sequenceMutation(device.lastMutationId, req.mutations[0]!.id) === 'gap') {
    return {
      ok: false,
      failure: { messageKey: 'sync.mutation_gap', lastMutationId: device.lastMutationId },
    };
  }
  const results: MutationResult[] = [];
  let lastMutationId = device.lastMutationId;
  for (const m of req.mutations) {
    const step = await withRetry(() =>
      db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => processOne(deps, trx, user, req.deviceId, m)),
    );
    if (step.kind === 'gap') {
      // Another push from the same device got ahead of (or behind) this one mid-way.
      return {
        ok: false,
        failure: { messageKey: 'sync.mutation_gap', lastMutationId: step.lastMutationId },
      };
    }
    results.push(step.result);
    lastMutationId = step.lastMutationId;
  }
  return { ok: true, value: { lastMutationId, results } };
}

type Step =
  | { kind: 'done'; result: MutationResult; lastMutationId: number }
  | { kind: 'gap'; lastMutationId: number };

/** Thrown by the record view when the handler asks for something not loaded yet. */
class NeedRecord {
  constructor(
    readonly type: SyncEntityType,
    readonly id: string,
  ) {}
}
class NeedAccess {
  constructor(readonly planId: string) {}
}
class NeedReviewRight {
  constructor(readonly planId: string) {}
}

async function processOne(
  deps: AppDeps,
  trx: SyncDatabase,
  user: SessionUser,
  deviceId: string,
  m: Mutation,
): Promise<Step> {
  // The version comes with the lock (one round trip less per mutation); a duplicate or a gap
  // wastes one sequence value, as a retried transaction does.
  const device = await trx
    .selectFrom('sync_devices')
    .select(['last_mutation_id', 'user_id'])
    .select(sql<string>`nextval('sync_version_seq')::int8`.as('v'))
    .where('device_id', '=', deviceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const last = device.last_mutation_id;
  const decision = sequenceMutation(last, m.id);
  if (decision === 'gap') return { kind: 'gap', lastMutationId: last };
  if (decision === 'duplicate') {
    const stored = await trx
      .selectFrom('sync_mutation_results')
      .select(['status', 'reason'])
      .where('device_id', '=', deviceId)
      .where('mutation_id', '=', m.id)
      .executeTakeFirst();
    const result: MutationResult =
      stored?.status === 'rejected' && stored.reason
        ? ({ id: m.id, status: 'rejected', reason: stored.reason } as MutationResult)
        : { id: m.id, status: 'duplicate' };
    return { kind: 'done', result, lastMutationId: last };
  }

  const version = Number(device.v);
  const records = new Map<string, SyncRecord | undefined>();
  const access = new Map<string, PlanAccess>();
  const reviews = new Map<string, boolean>();
  const plain = trx as unknown as Kysely<DB>;
  const ctx: ApplyContext = {
    userId: user.id,
    deviceId,
    mutationId: m.id,
    version,
    at: deps.clock.now().toISOString(),
    recordConflicts: true,
    access: (planId) => {
      const known = access.get(planId);
      if (known === undefined) throw new NeedAccess(planId);
      return known;
    },
    canReview: (planId) => {
      const known = reviews.get(planId);
      if (known === undefined) throw new NeedReviewRight(planId);
      return known;
    },
  };
  const view = {
    get: (type: SyncEntityType, id: string) => {
      const key = recordKey(type, id);
      if (!records.has(key)) throw new NeedRecord(type, id);
      return records.get(key);
    },
  };
  // Handlers are pure: when one asks for a record or a plan not loaded yet, load it (locked) and
  // run it again from the start.
  let outcome: ApplyResult;
  for (;;) {
    try {
      outcome = runMutation(m, view, ctx);
      break;
    } catch (e) {
      if (e instanceof NeedRecord) {
        records.set(recordKey(e.type, e.id), await loadRecordForUpdate(trx, e.type, e.id));
      } else if (e instanceof NeedAccess) {
        access.set(e.planId, await loadPlanAccess(plain, user, e.planId));
      } else if (e instanceof NeedReviewRight) {
        reviews.set(e.planId, await loadReviewRight(plain, user, e.planId));
      } else {
        throw e;
      }
    }
  }

  if (outcome.status === 'applied') {
    // Effects beyond the records (the 整改台账) commit with them, or refuse the whole mutation.
    const refused = await applyServerEffects(plain, {
      user,
      at: ctx.at,
      before: records,
      writes: outcome.writes,
    });
    if (refused) outcome = { status: 'rejected', reason: refused };
  }
  if (outcome.status === 'applied') {
    for (const record of outcome.writes) await writeRecord(trx, { ...record, version });
  }
  const result: MutationResult =
    outcome.status === 'applied'
      ? { id: m.id, status: 'applied' }
      : { id: m.id, status: 'rejected', reason: outcome.reason };
  // The result and the device's new last id in one statement (one round trip).
  await trx
    .with('result', (db) =>
      db.insertInto('sync_mutation_results').values({
        device_id: deviceId,
        mutation_id: m.id,
        name: m.name.slice(0, 64),
        status: result.status === 'applied' ? 'applied' : 'rejected',
        reason: result.reason ?? null,
      }),
    )
    .updateTable('sync_devices')
    .set({ last_mutation_id: m.id })
    .where('device_id', '=', deviceId)
    .execute();
  return { kind: 'done', result, lastMutationId: m.id };
}
