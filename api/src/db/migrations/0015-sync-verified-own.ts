import { sql, type Kysely } from 'kysely';

/*
 * `verified`: the record's copy is what its device claimed for its last write of it
 * (`Mutation.digests`, checked by sync.push). A pull then tells that device so, and the device
 * takes its own copy without reading it back to check the digest (a day's 10,000 notes cost a
 * phone ~1 s of IndexedDB reads otherwise). Meaningful only while `origin_device` is set: any
 * other writer clears that (migration 0007), and with it every reason to trust the claim.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_records ADD COLUMN verified boolean NOT NULL DEFAULT false`.execute(
    db,
  );
}
