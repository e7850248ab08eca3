import { sql } from 'kysely';
import {
  MIN_SYNC_SCHEMA_VERSION,
  SYNC_SCHEMA_VERSION,
  checkSchemaVersion,
  claimsOf,
  readHints,
  recordKey,
  runMutation,
  sequenceMutation,
  splitRecordKey,
  type ApplyContext,
  type ApplyResult,
  type Mutation,
  type MutationResult,
  type PushOutcome,
  type PushRequest,
  type SyncEntityType,
  type SyncRecord,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { AppDeps } from '../deps';
import type { DB } from '../db/schema';
import type { Kysely } from 'kysely';
import { loadPlanAccessMany, loadReviewRight } from './sync-access';
import { advancePlans } from '../review/plan-progress';
import { scoreVisits, visitsToScore } from '../review/visit-score';
import { applyServerEffects } from './sync-effects';
import { changeNotifier } from '../review/change-notifier';
import { deviceCommits } from './device-commits';
import { withRetry } from './sync-errors';
import { syncDb, type SyncDatabase } from './sync.schema';
import { loadRecordsForUpdate, writeRecords } from './sync-record.store';

/*
 * sync.push (shared/src/sync/README.md §4). A push is one REPEATABLE READ transaction: lock the
 * device row, sequence every mutation, load in one query the records the handlers will read
 * (locked FOR UPDATE) and in another the caller's access to their plans, run the shared handlers
 * in order over that state (each seeing the writes of the ones before it), then write the final
 * records, every result and the device's new last id in three statements. A row changed by
 * someone else after our snapshot fails with 40001 and the whole push is retried, so two devices
 * merging into one record never lose an update.
 *
 * Why one transaction per push and not per mutation: a mutation's own work is a few
 * microseconds of JavaScript; its cost was the ~8 round trips around it (BEGIN, lock, load,
 * access, write, result, COMMIT). A push of 500 now costs about as many round trips as one
 * mutation did. The price is that the pull horizon (xmin) waits for the whole push, which is
 * bounded by MAX_PUSH_MUTATIONS and the body limit: tens of milliseconds, not a long transaction.
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
  // The gap is judged under the device lock, not here: a device may send its next push while
  // the previous one is still being applied (pipelining), and that one waits for the lock. A
  // push that got there first waits for the device's next commit and looks again, until
  // `pushGapWaitMs` is spent (device-commits.ts).
  const commits = deviceCommits(deps);
  const deadline = performance.now() + deps.config.pushGapWaitMs;
  let step: Step;
  for (;;) {
    const commit = commits.next(req.deviceId);
    try {
      step = await withRetry(() =>
        db
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute((trx) => processPush(deps, trx, user, req.deviceId, req.mutations)),
      );
      const left = deadline - performance.now();
      if (step.kind !== 'gap' || left <= 0) break;
      await commit.wait(left);
    } finally {
      // Also when the push failed: a wake-up nobody waits for must not stay registered.
      commit.cancel();
    }
  }
  if (step.kind === 'gap') {
    // Another push from the same device got ahead of (or behind) this one.
    return {
      ok: false,
      failure: { messageKey: 'sync.mutation_gap', lastMutationId: step.lastMutationId },
    };
  }
  // Committed: a later push of this device may be waiting for it; open review screens of these
  // plans may refetch (review/change-notifier.ts).
  commits.committed(req.deviceId);
  changeNotifier(deps).publish(step.planIds ?? []);
  return { ok: true, value: { lastMutationId: step.lastMutationId, results: step.results } };
}

type Step =
  | { kind: 'done'; results: MutationResult[]; lastMutationId: number; planIds?: string[] }
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function processPush(
  deps: AppDeps,
  trx: SyncDatabase,
  user: SessionUser,
  deviceId: string,
  mutations: readonly Mutation[],
): Promise<Step> {
  const plain = trx as unknown as Kysely<DB>;
  // One version per mutation, taken with the device lock, before any record is locked: a
  // concurrent push that commits a record first makes our lock of it fail with 40001, and the
  // retry takes newer versions, so a record's versions still grow in commit order.
  const { rows } = await sql<{ last_mutation_id: number; versions: string[] }>`
    select d.last_mutation_id,
      array(select nextval('sync_version_seq') from generate_series(1, ${mutations.length}))::text[]
        as versions
    from sync_devices d where d.device_id = ${deviceId} for update of d`.execute(trx);
  const device = rows[0];
  if (!device) throw new Error(`device ${deviceId} vanished mid-push`);
  const last = device.last_mutation_id;
  const versions = device.versions.map(Number).sort((a, b) => a - b);

  const fresh: { m: Mutation; version: number }[] = [];
  const duplicates: number[] = [];
  for (const [i, m] of mutations.entries()) {
    const decision = sequenceMutation(last + fresh.length, m.id);
    if (decision === 'gap') {
      if (fresh.length === 0 && duplicates.length === 0)
        return { kind: 'gap', lastMutationId: last };
      break;
    }
    if (decision === 'duplicate') duplicates.push(m.id);
    else fresh.push({ m, version: versions[i]! });
  }
  const stored = await storedResults(trx, deviceId, duplicates);
  const results: MutationResult[] = duplicates.map(
    (id) => stored.get(id) ?? { id, status: 'duplicate' },
  );
  if (fresh.length === 0) return { kind: 'done', results, lastMutationId: last };

  // What the handlers will most likely read, loaded and locked at once; anything else a handler
  // asks for is loaded when it does (handlers are pure, so it just runs again).
  const hinted = fresh.flatMap(({ m }) => readHints(m.name, m.args)).map(splitRecordKey);
  const records = await loadRecordsForUpdate(trx, hinted);
  const access = await loadPlanAccessMany(plain, user, plansOf(records));
  const reviews = new Map<string, boolean>();
  const written = new Map<string, SyncRecord>();
  /** Keys of written records a server effect changed too: written as the server's own. */
  const amended = new Set<string>();
  /** Key → what this device claimed for its last write of it in this push. */
  const claims = new Map<string, string>();
  const at = deps.clock.now().toISOString();

  for (const { m, version } of fresh) {
    const ctx: ApplyContext = {
      userId: user.id,
      deviceId,
      mutationId: m.id,
      version,
      at,
      actedAt: m.clientTime,
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
    // Each handler sees the writes of the mutations before it in this push.
    const before = new Map<string, SyncRecord | undefined>();
    const view = {
      get: (type: SyncEntityType, id: string) => {
        const key = recordKey(type, id);
        if (written.has(key)) {
          before.set(key, written.get(key));
          return written.get(key);
        }
        if (!records.has(key)) throw new NeedRecord(type, id);
        before.set(key, records.get(key));
        return records.get(key);
      },
    };
    let outcome: ApplyResult;
    for (;;) {
      try {
        outcome = runMutation(m, view, ctx);
        break;
      } catch (e) {
        if (e instanceof NeedRecord) {
          const missing = probeMisses(
            m,
            ctx,
            (key) => written.get(key) ?? records.get(key),
            (key) => written.has(key) || records.has(key),
          );
          const more = await loadRecordsForUpdate(trx, [e, ...missing]);
          for (const [k, r] of more) records.set(k, r);
        } else if (e instanceof NeedAccess) {
          const id = e.planId;
          const known = UUID.test(id) ? await loadPlanAccessMany(plain, user, [id]) : null;
          access.set(id, known?.get(id) ?? 'none');
        } else if (e instanceof NeedReviewRight) {
          reviews.set(e.planId, await loadReviewRight(plain, user, e.planId));
        } else {
          throw e;
        }
      }
    }
    // Paired with what the handler wrote, before any server effect adds to it.
    const claimed = outcome.status === 'applied' ? claimsOf(m, outcome.writes) : null;
    if (outcome.status === 'applied') {
      // Effects beyond the records (the 整改台账) commit with them, or refuse the mutation; an
      // effect writes nothing before it decides, so a refusal leaves nothing behind.
      const changed: SyncRecord[] = [];
      const refused = await applyServerEffects(plain, {
        user,
        at,
        before,
        writes: outcome.writes,
        amend: (r) => changed.push(r),
      });
      if (refused) outcome = { status: 'rejected', reason: refused };
      else outcome = { ...outcome, writes: [...outcome.writes, ...changed] };
      for (const r of refused ? [] : changed) amended.add(recordKey(r.type, r.id));
    }
    if (outcome.status === 'applied') {
      for (const w of outcome.writes) {
        const key = recordKey(w.type, w.id);
        written.set(key, { ...w, version });
        // A record's last write decides: one without a claim leaves nothing to trust.
        const claim = claimed?.get(key);
        if (claim) claims.set(key, claim);
        else claims.delete(key);
      }
    }
    results.push(
      outcome.status === 'applied'
        ? { id: m.id, status: 'applied' }
        : { id: m.id, status: 'rejected', reason: outcome.reason },
    );
  }

  // What only this device's mutations wrote may come back to it as a digest; what a server
  // effect changed as well is the server's write, and reaches this device whole.
  const finals = [...written.values()];
  const isAmended = (r: SyncRecord) => amended.has(recordKey(r.type, r.id));
  await writeRecords(
    trx,
    finals.filter((r) => !isAmended(r)),
    deviceId,
    claims,
  );
  await writeRecords(trx, finals.filter(isAmended), null);
  // A visit submitted in this push gets its score for the reviewers (review/visit-score.ts).
  await scoreVisits(plain, visitsToScore(finals));
  await advancePlans(plain, finals);
  const lastMutationId = fresh[fresh.length - 1]!.m.id;
  const stamped = results.slice(duplicates.length).map((r, i) => ({
    mutation_id: r.id,
    name: fresh[i]!.m.name.slice(0, 64),
    status: r.status === 'applied' ? 'applied' : 'rejected',
    reason: r.reason ?? null,
  }));
  // Every result and the device's new last id in one statement.
  await sql`
    with result as (
      insert into sync_mutation_results (device_id, mutation_id, name, status, reason)
      select ${deviceId}, x.mutation_id, x.name, x.status, x.reason
      from jsonb_to_recordset(${JSON.stringify(stamped)}::jsonb)
        as x(mutation_id integer, name text, status text, reason text)
    )
    update sync_devices set last_mutation_id = ${lastMutationId}
    where device_id = ${deviceId}`.execute(trx);
  const planIds = finals.flatMap((r) => (r.planId === null ? [] : [r.planId]));
  return { kind: 'done', results, lastMutationId, planIds };
}

/**
 * The records a handler would read beyond the one it just missed, found by running it once more
 * with every record not loaded yet read as absent: a submit checked against a 500-item checklist
 * then loads its answers in one query, not in 500 runs of one each. Only a guess, like the read
 * hints: the probe's outcome is thrown away, and the real run still asks for anything missed.
 */
function probeMisses(
  m: Mutation,
  ctx: ApplyContext,
  known: (key: string) => SyncRecord | undefined,
  has: (key: string) => boolean,
): { type: SyncEntityType; id: string }[] {
  const misses = new Map<string, { type: SyncEntityType; id: string }>();
  const view = {
    get: (type: SyncEntityType, id: string) => {
      const key = recordKey(type, id);
      if (has(key)) return known(key);
      misses.set(key, { type, id });
      return undefined;
    },
  };
  try {
    runMutation(m, view, ctx);
  } catch {
    // An access right not loaded yet, or a handler confused by an absent record: the real run
    // finds out.
  }
  return [...misses.values()];
}

/** The stored results of mutations processed before: a rejection is told again, with its reason. */
async function storedResults(
  trx: SyncDatabase,
  deviceId: string,
  ids: readonly number[],
): Promise<Map<number, MutationResult>> {
  const out = new Map<number, MutationResult>();
  if (ids.length === 0) return out;
  const rows = await trx
    .selectFrom('sync_mutation_results')
    .select(['mutation_id', 'status', 'reason'])
    .where('device_id', '=', deviceId)
    .where('mutation_id', 'in', [...ids])
    .execute();
  for (const row of rows) {
    if (row.status === 'rejected' && row.reason) {
      out.set(row.mutation_id, {
        id: row.mutation_id,
        status: 'rejected',
        reason: row.reason,
      } as MutationResult);
    }
  }
  return out;
}

/** The plans loaded records belong to (and plan records themselves): whose access to load. */
function plansOf(records: ReadonlyMap<string, SyncRecord | undefined>): string[] {
  const ids = new Set<string>();
  for (const r of records.values()) {
    if (r?.planId && UUID.test(r.planId)) ids.add(r.planId);
  }
  return [...ids];
}
