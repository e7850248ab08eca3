import { sql, type Kysely } from 'kysely';

/*
 * A signed 约谈's 表态 (commitments) become 整改台账 items (api/src/sync/sync-effects.ts): each
 * item notes the talk record it came from. Talk records live in sync_records (text ids), so the
 * column is a plain uuid without a foreign key, indexed for "the items of this talk".
 */
const statements = [
  `ALTER TABLE rectification_items ADD COLUMN talk_record_id uuid`,
  `CREATE INDEX rectification_items_talk_idx ON rectification_items (talk_record_id)
    WHERE talk_record_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
