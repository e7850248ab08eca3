import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Database } from '../db/database';

/*
 * A pull reads only rows below its snapshot's xmin (sync/sync-pull.service.ts), and xids are
 * cluster-wide: any transaction holding an xid in ANY database of the server — another test run,
 * another engineer's suite — holds back what every pull may deliver, until it ends. That is the
 * design (a late commit is never skipped), but a test that asserts "after quiescence the device
 * holds everything" must first let such foreign transactions finish. This waits until every
 * transaction that held an xid when it was called has ended. It never shortens a wait: the test
 * timeout is the only ceiling.
 */
export async function awaitPullHorizon(db: Database, backend: 'pglite' | 'postgres') {
  // PGlite has one session: nothing else can be in flight.
  if (backend === 'pglite') return;
  const { rows } = await sql<{
    xmax: string;
  }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db);
  const target = rows[0]!.xmax;
  for (;;) {
    const { rows: now } = await sql<{
      passed: boolean;
    }>`select pg_snapshot_xmin(pg_current_snapshot()) >= ${target}::xid8 as passed`.execute(db);
    if (now[0]!.passed) return;
    await sleep(5);
  }
}
