import type { Generated, Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';

/** Kysely types of the sync tables (migration 0002-sync). `xid8` columns are read as text. */
export type SyncTables = {
  sync_records: {
    type: string;
    id: string;
    plan_id: string | null;
    version: number;
    deleted: unknown;
    fields: unknown;
    stamps: unknown;
    xid: Generated<string>;
    origin_device: string | null;
    digest: string | null;
    verified: Generated<boolean>;
  };
  sync_devices: {
    device_id: string;
    user_id: string;
    last_mutation_id: Generated<number>;
    created_at: Generated<Date>;
  };
  sync_mutation_results: {
    device_id: string;
    mutation_id: number;
    name: string;
    status: 'applied' | 'rejected';
    reason: string | null;
    xid: Generated<string>;
    processed_at: Generated<Date>;
  };
  sync_revocations: { user_id: string; plan_id: string; xid: Generated<string> };
};

export type SyncDatabase = Kysely<DB & SyncTables>;

export function syncDb(db: Database | Kysely<DB>): SyncDatabase {
  return db.withTables<SyncTables>();
}
