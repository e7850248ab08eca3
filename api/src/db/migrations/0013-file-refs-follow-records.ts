import { sql, type Kysely } from 'kysely';

/*
 * `file_refs (sha256, plan_id)` says who may download a file (authz/policy.ts canReadFile): anyone
 * who may see a plan whose records reference it. It was only ever inserted, so a file stayed
 * downloadable by every viewer of the plan after the last record referencing it there had been
 * deleted. A trigger on `sync_records` now keeps it equal to "a live attachment (sha256) or talk
 * (signatureSha256) record of that plan references the hash", whoever writes the record: a
 * tombstone or a record moving away removes the pair unless another live record still holds it,
 * and a restore brings it back.
 *
 * Concurrency (every sync write runs REPEATABLE READ and retries on 40001): a writer that may
 * remove a pair first DELETEs it, then re-inserts it if another live record still references
 * it, and a writer that adds a pair upserts with DO UPDATE. Both take the row lock, so two
 * transactions deciding about the same pair serialize (the second fails with 40001 and retries
 * on a fresh snapshot) instead of each deciding on a snapshot that misses the other's write.
 */
const statements = [
  // The hash a record grants access to, if it is live and belongs to a plan.
  `CREATE FUNCTION sync_file_ref_sha(type text, plan_id uuid, deleted jsonb, fields jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT s FROM (SELECT CASE WHEN deleted IS NULL AND plan_id IS NOT NULL THEN
      CASE type WHEN 'attachment' THEN fields->>'sha256'
        WHEN 'talk' THEN fields->>'signatureSha256' END END AS s) x
    WHERE s ~ '^[0-9a-f]{64}$'
  $$`,
  `CREATE FUNCTION sync_file_refs_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_sha text;
      new_sha text;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        old_sha := sync_file_ref_sha(OLD.type, OLD.plan_id, OLD.deleted, OLD.fields);
      END IF;
      IF TG_OP <> 'DELETE' THEN
        new_sha := sync_file_ref_sha(NEW.type, NEW.plan_id, NEW.deleted, NEW.fields);
      END IF;
      IF TG_OP = 'UPDATE' AND old_sha IS NOT DISTINCT FROM new_sha
          AND OLD.plan_id IS NOT DISTINCT FROM NEW.plan_id THEN
        RETURN NULL;
      END IF;
      IF old_sha IS NOT NULL THEN
        DELETE FROM file_refs WHERE sha256 = old_sha AND plan_id = OLD.plan_id;
        INSERT INTO file_refs (sha256, plan_id)
          SELECT old_sha, OLD.plan_id
          WHERE EXISTS (
            SELECT 1 FROM sync_records r
            WHERE r.plan_id = OLD.plan_id AND r.type IN ('attachment', 'talk')
              AND sync_file_ref_sha(r.type, r.plan_id, r.deleted, r.fields) = old_sha)
          ON CONFLICT DO NOTHING;
      END IF;
      IF new_sha IS NOT NULL THEN
        INSERT INTO file_refs (sha256, plan_id) VALUES (new_sha, NEW.plan_id)
          ON CONFLICT (sha256, plan_id) DO UPDATE SET created_at = file_refs.created_at;
      END IF;
      RETURN NULL;
    END
  $$`,
  `CREATE TRIGGER sync_file_refs_write AFTER INSERT OR UPDATE OF plan_id, deleted, fields
    ON sync_records FOR EACH ROW WHEN (NEW.type IN ('attachment', 'talk'))
    EXECUTE FUNCTION sync_file_refs_follow()`,
  `CREATE TRIGGER sync_file_refs_delete AFTER DELETE ON sync_records
    FOR EACH ROW WHEN (OLD.type IN ('attachment', 'talk'))
    EXECUTE FUNCTION sync_file_refs_follow()`,
  // Pairs left behind by records deleted before this migration.
  `DELETE FROM file_refs f WHERE NOT EXISTS (
    SELECT 1 FROM sync_records r
    WHERE r.plan_id = f.plan_id AND r.type IN ('attachment', 'talk')
      AND sync_file_ref_sha(r.type, r.plan_id, r.deleted, r.fields) = f.sha256)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
