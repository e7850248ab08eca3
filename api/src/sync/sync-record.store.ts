import { sql, type Selectable } from 'kysely';
import {
  claimOfDigest,
  recordDigest,
  recordKey,
  type FieldStamp,
  type RecordFields,
  type SyncEntityType,
  type SyncRecord,
} from '@ducha/shared';
import { jsonbFromBytes } from '../db/json';
import { decodeStamps, encodeStamps } from './stamp-codec';
import type { SyncDatabase, SyncTables } from './sync.schema';

/** Records as the shared handlers see them, stored in `sync_records` (migration 0002-sync). */

const COLUMNS = ['type', 'id', 'plan_id', 'version', 'deleted', 'fields', 'stamps'] as const;

type Row = Pick<Selectable<SyncTables['sync_records']>, (typeof COLUMNS)[number]>;

export function toRecord(row: Row): SyncRecord {
  return {
    type: row.type as SyncEntityType,
    id: row.id,
    planId: row.plan_id,
    version: Number(row.version),
    deleted: (row.deleted ?? null) as FieldStamp | null,
    fields: row.fields as RecordFields,
    stamps: decodeStamps(row.stamps),
  };
}

export interface RecordRef {
  type: SyncEntityType;
  id: string;
}

/**
 * The records at `refs`, locked until the transaction ends (a concurrent writer of one of them
 * makes this transaction retry with 40001), in one query: a push loads what its handlers will
 * read at once instead of one round trip per record. Keyed by `recordKey`; absent records are
 * `undefined` (known not to exist, as far as this snapshot goes).
 */
export async function loadRecordsForUpdate(
  trx: SyncDatabase,
  refs: readonly RecordRef[],
): Promise<Map<string, SyncRecord | undefined>> {
  const out = new Map<string, SyncRecord | undefined>();
  for (const r of refs) out.set(recordKey(r.type, r.id), undefined);
  if (out.size === 0) return out;
  const wanted = [...new Map(refs.map((r) => [recordKey(r.type, r.id), r])).values()];
  const { rows } = await sql<Row>`
    select r.type, r.id, r.plan_id, r.version, r.deleted, r.fields, r.stamps
    from sync_records r
    join jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as k(type text, id text)
      on r.type = k.type collate "C" and r.id = k.id collate "C"
    for update of r`.execute(trx);
  for (const row of rows) out.set(recordKey(row.type as SyncEntityType, row.id), toRecord(row));
  return out;
}

/**
 * Upserts records in one statement (each key at most once), stamping every row with the writing
 * transaction: the pull cursor reads it. `origin`: the device whose mutations wrote them (null:
 * the server itself); a record keeps it only while every write comes from that one device, and
 * carries the digest of its content, so a pull can leave it out for that device (migration
 * 0007). Conflict records never have one: devices do not make them. Which plans reference a
 * file (`file_refs`: who may download it) follows the live attachment and signed-talk records by
 * trigger (migration 0013), whoever writes them.
 */
export async function writeRecords(
  trx: SyncDatabase,
  records: readonly SyncRecord[],
  origin: string | null = null,
  /** Key → what the origin device claimed for its last write of it (`Mutation.digests`). */
  claims: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => {
    const digest = recordDigest(r.planId, r.fields);
    const claim = origin === null ? undefined : claims.get(recordKey(r.type, r.id));
    return {
      type: r.type,
      id: r.id,
      plan_id: r.planId,
      version: r.version,
      deleted: r.deleted,
      fields: r.fields,
      stamps: encodeStamps(r.stamps),
      origin_device: r.type === 'conflict' ? null : origin,
      digest,
      verified:
        claim !== undefined && r.deleted === null && claim === claimOfDigest(r.type, r.id, digest),
    };
  });
  await sql`
    insert into sync_records
      (type, id, plan_id, version, deleted, fields, stamps, origin_device, digest, verified, xid)
    select x.type, x.id, x.plan_id, x.version, x.deleted, x.fields, x.stamps, x.origin_device,
      x.digest, x.verified, pg_current_xact_id()
    from jsonb_to_recordset(${jsonbFromBytes(rows)}) as x(type text, id text, plan_id uuid,
      version bigint, deleted jsonb, fields jsonb, stamps jsonb, origin_device uuid, digest text,
      verified boolean)
    on conflict (type, id) do update set
      plan_id = excluded.plan_id, version = excluded.version, deleted = excluded.deleted,
      fields = excluded.fields, stamps = excluded.stamps, digest = excluded.digest,
      origin_device = case when sync_records.origin_device = excluded.origin_device
        then excluded.origin_device end,
      verified = excluded.verified,
      xid = excluded.xid`.execute(trx);
}

/** One record, as `writeRecords` writes it. */
export async function writeRecord(trx: SyncDatabase, r: SyncRecord): Promise<void> {
  await writeRecords(trx, [r]);
}

export async function allRecords(db: SyncDatabase): Promise<SyncRecord[]> {
  const rows = await db
    .selectFrom('sync_records')
    .select(COLUMNS)
    .orderBy('type')
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}
