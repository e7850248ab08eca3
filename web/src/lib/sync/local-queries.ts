import { recordKey, type SyncEntityType, type SyncRecord } from '@ducha/shared';
import { liveQuery, type Observable } from 'dexie';
import { ofType, type LocalDb } from '$lib/db/local-db';
import type { LocalRecord } from '$lib/db/sync-tables';

/*
 * Read helpers over `records` (what the screens show: pulled records with pending mutations
 * replayed) as Dexie live queries: each observable emits again whenever a transaction that
 * touched what it read commits, whether the user's own change, a pull, or another tab's.
 * Deleted records (tombstones) are never emitted.
 */

function toRecord({ key: _key, ...record }: LocalRecord): SyncRecord {
  return record;
}

/** Live records of one type under one plan (index `[type+planId]`); null: reference data. */
export function recordsOfPlan(
  db: LocalDb,
  type: SyncEntityType,
  planId: string | null,
): Observable<SyncRecord[]> {
  return liveQuery(async () => {
    // IndexedDB cannot index null: reference data (templates, units) is found by type alone,
    // through the key's `type/` prefix.
    const rows =
      planId === null
        ? await ofType(db.records, type)
            .filter((r) => r.planId === null)
            .toArray()
        : await db.records.where('[type+planId]').equals([type, planId]).toArray();
    return rows.filter((r) => !r.deleted).map(toRecord);
  });
}

/** One live record, or undefined when it is absent or deleted. */
export function recordById(
  db: LocalDb,
  type: SyncEntityType,
  id: string,
): Observable<SyncRecord | undefined> {
  return liveQuery(async () => {
    const row = await db.records.get(recordKey(type, id));
    return row && !row.deleted ? toRecord(row) : undefined;
  });
}

/** Live records of one type by id (absent and deleted ones left out), in one read. */
export function recordsByIds(
  db: LocalDb,
  type: SyncEntityType,
  ids: readonly string[],
): Observable<SyncRecord[]> {
  return liveQuery(async () => {
    const rows = await db.records.bulkGet(ids.map((id) => recordKey(type, id)));
    return rows.filter((r): r is LocalRecord => r !== undefined && !r.deleted).map(toRecord);
  });
}

/**
 * Keys (`type/id`) of records a change of this device has written that the server has not yet
 * confirmed: the per-record "not yet synced" mark, for a whole screen in one query.
 */
export function unsyncedKeys(db: LocalDb): Observable<ReadonlySet<string>> {
  return liveQuery(async () => {
    // The multi-entry index lists every key any outbox entry wrote, without reading the entries.
    return new Set((await db.outbox.orderBy('keys').uniqueKeys()) as string[]);
  });
}
