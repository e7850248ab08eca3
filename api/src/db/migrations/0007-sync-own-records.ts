import { sql, type Kysely } from 'kysely';

/*
 * What lets a pull leave out records a device already holds (PullRequest.elideOwn):
 * - `origin_device`: the device every write of the record came from, set by sync.push; null once
 *   anyone else wrote it (another device, or the server: plan, template and unit mirrors, grants
 *   that re-stamp nothing are fine).
 * - `digest`: `recordDigest(planId, fields)` as sync.push computed it when writing.
 * Any other write that changes a record's content without a new digest (the mirror triggers,
 * a future service) clears both, so a stale origin can never make a pull skip a change.
 */
const statements = [
  `ALTER TABLE sync_records ADD COLUMN origin_device uuid, ADD COLUMN digest text`,
  `CREATE FUNCTION sync_records_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.digest IS NOT DISTINCT FROM OLD.digest
       AND (NEW.fields, NEW.deleted, NEW.plan_id) IS DISTINCT FROM (OLD.fields, OLD.deleted, OLD.plan_id) THEN
      NEW.origin_device := NULL;
      NEW.digest := NULL;
    END IF;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER sync_records_content_changed BEFORE UPDATE ON sync_records
    FOR EACH ROW EXECUTE FUNCTION sync_records_content_changed()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
