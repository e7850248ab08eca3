import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations';

export interface MigrateOutcome {
  applied: string[];
}

/**
 * Brings the schema up to date. Safe to run at every start and from several processes at once:
 * Kysely's migrator takes a PostgreSQL advisory lock and skips what is already applied.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see no table types
export async function migrateToLatest(db: Kysely<any>): Promise<MigrateOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // Numbers were reserved per feature and landed out of order (0013 before 0010, 0012, 0014):
    // a database migrated before a lower number landed must still take it on its next start.
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed`, { cause: result.error });
  }
  return {
    applied: (result.results ?? [])
      .filter((r) => r.status === 'Success')
      .map((r) => r.migrationName),
  };
}
