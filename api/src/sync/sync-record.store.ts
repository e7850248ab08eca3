import { sql, type Selectable } from 'kysely';
import type { FieldStamp, RecordFields, SyncEntityType, SyncRecord } from '@ducha/shared';
import { jsonb } from '../db/json';
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
    stamps: row.stamps as Record<string, FieldStamp>,
  };
}

/** Locked until the transaction ends, so a concurrent writer of the record retries (40001). */
export async function loadRecordForUpdate(
  trx: SyncDatabase,
  type: SyncEntityType,
  id: string,
): Promise<SyncRecord | undefined> {
  const row = await trx
    .selectFrom('sync_records')
    .select(COLUMNS)
    .where('type', '=', type)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Every write stamps the row with the writing transaction: the pull cursor reads it. */
export async function writeRecord(trx: SyncDatabase, r: SyncRecord): Promise<void> {
  const values = {
    type: r.type,
    id: r.id,
    plan_id: r.planId,
    version: r.version,
    deleted: r.deleted === null ? null : jsonb(r.deleted),
    fields: jsonb(r.fields),
    stamps: jsonb(r.stamps),
    xid: sql<string>`pg_current_xact_id()`,
  };
  await trx
    .insertInto('sync_records')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['type', 'id']).doUpdateSet({
        plan_id: r.planId,
        version: r.version,
        deleted: values.deleted,
        fields: values.fields,
        stamps: values.stamps,
        xid: sql<string>`pg_current_xact_id()`,
      }),
    )
    .execute();
  // A talk's signature is an image uploaded like any attachment, referenced by hash.
  const sha = r.type === 'talk' ? r.fields.signatureSha256 : r.fields.sha256;
  if (
    (r.type === 'attachment' || r.type === 'talk') &&
    r.planId &&
    typeof sha === 'string' &&
    !r.deleted
  ) {
    // Who may download a file: whoever may see a plan that references it (attachments/).
    await sql`insert into file_refs (sha256, plan_id) values (${sha}, ${r.planId})
      on conflict do nothing`.execute(trx);
  }
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
