import { sql } from 'kysely';
import type { SyncRecord } from '@ducha/shared';
import { writeRecords } from './sync-record.store';
import type { SyncDatabase } from './sync.schema';

/**
 * Writes records as the server itself (a reviewer's decision, an effect): each gets a fresh
 * version, the writing transaction's xid and no device origin, so every device that may see it
 * pulls it whole at its next sync. Lock what you read first (`loadRecordsForUpdate`).
 */
export async function writeServerRecords(
  trx: SyncDatabase,
  records: readonly SyncRecord[],
): Promise<SyncRecord[]> {
  if (records.length === 0) return [];
  const { rows } = await sql<{ v: string }>`
    select nextval('sync_version_seq')::text as v
    from generate_series(1, ${records.length})`.execute(trx);
  const versions = rows.map((r) => Number(r.v)).sort((a, b) => a - b);
  const stored = records.map((r, i) => ({ ...r, version: versions[i]! }));
  await writeRecords(trx, stored, null);
  return stored;
}
