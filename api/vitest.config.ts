import pg from 'pg';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/*
 * Every integration suite runs twice: on PGlite (embedded) and on a real PostgreSQL server, in
 * two vitest projects. PostgreSQL is skipped only when it is unreachable outside CI; in CI an
 * unreachable server fails the run.
 *
 * Workers are not isolated, so each worker process starts PGlite once (it takes seconds) and
 * hands every test file a fresh schema on it (see src/test/test-db.ts).
 */

const PG_ADMIN_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const common = {
  include: ['src/**/*.test.ts'],
  environment: 'node',
  pool: 'forks',
  isolate: false,
  testTimeout: 30_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig(async () => {
  const projects: TestProjectInlineConfiguration[] = [
    { test: { ...common, name: 'pglite', provide: { backend: 'pglite', pgAdminUrl: '' } } },
  ];
  if (await postgresReachable(PG_ADMIN_URL)) {
    projects.push({
      test: {
        ...common,
        name: 'postgres',
        // pg_snapshot_xmin is cluster-wide: a transaction open in another test file (the
        // cursor-gap test holds several on purpose) holds back every pull cursor, and the sync
        // tests then wait it out (src/test/pull-horizon.ts). One file at a time avoids that wait.
        fileParallelism: false,
        globalSetup: ['src/test/postgres.global-setup.ts'],
        provide: { backend: 'postgres', pgAdminUrl: PG_ADMIN_URL },
      },
    });
  } else if (process.env.CI) {
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} (required in CI)`);
  } else {
    console.warn(
      `\n[ducha] PostgreSQL not reachable at ${PG_ADMIN_URL}: running on PGlite only.\n`,
    );
  }
  return { test: { projects } };
});
