import type { ColumnType, Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric comes back as a string, so no cent or hundredth of a point is lost on the way. */
type Numeric = ColumnType<string, string | number, string | number>;

/*
 * Kysely types of the read models of migration 0009. Their rows are written by trigger from
 * `sync_records` (and the score by review/visit-score.ts), never by hand.
 */
export interface VisitProjectionTable {
  inspection_id: string;
  plan_id: string;
  template_id: string | null;
  template_version: number | null;
  status: string;
  started_by: string | null;
  started_at: Timestamp | null;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  returned_at: Timestamp | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
  score: Numeric | null;
  grade: string | null;
  scored_at: Timestamp | null;
  deleted: boolean;
  updated_at: Timestamp;
}

export interface FindingProjectionTable {
  finding_id: string;
  plan_id: string;
  inspection_id: string | null;
  unit_id: string | null;
  category: string | null;
  severity: string | null;
  recommended_form: string | null;
  title: string;
  money_involved_yuan: Numeric | null;
  money_recovered_yuan: Numeric | null;
  is_clue: boolean;
  proposed: boolean;
  created_by: string | null;
  created_at: Timestamp | null;
  deleted: boolean;
  updated_at: Timestamp;
}

export type ReviewTables = {
  visit_projection: VisitProjectionTable;
  finding_projection: FindingProjectionTable;
};

export function reviewDb(db: Database | Kysely<DB>) {
  return db.withTables<ReviewTables>();
}
