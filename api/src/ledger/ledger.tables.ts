import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';
import type { ReviewTables } from '../review/review.tables';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/*
 * Kysely types of what migration 0010 adds for the ledger console, kept beside the ledger code
 * so that the shared db/schema.ts stays as it is.
 */
export interface LedgerItemExtraColumns {
  source_plan_id: Generated<string | null>;
  typical_case: Generated<boolean>;
}

export interface LedgerSpotChecksTable {
  id: Generated<string>;
  seed: string;
  /** numeric: a string on the way out. */
  ratio: ColumnType<string, string | number, string | number>;
  algorithm: string;
  scope_unit_id: string;
  population_query: Json<Record<string, unknown>>;
  population: Json<string[]>;
  sample: Json<string[]>;
  follow_up_plan_ids: ColumnType<string[], string | undefined, string>;
  drawn_by: string;
  drawn_at: Timestamp;
}

export type LedgerTables = ReviewTables & {
  rectification_items: LedgerItemExtraColumns;
  ledger_spot_checks: LedgerSpotChecksTable;
};

export function ledgerDb(db: Database | Kysely<DB>) {
  return db.withTables<LedgerTables>();
}
export type LedgerDatabase = ReturnType<typeof ledgerDb>;
