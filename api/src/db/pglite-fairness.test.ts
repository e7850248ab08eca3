import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPglite, kyselyOverPglite, type Database } from './database';

/*
 * The production PGlite path (kyselyOverPglite), not the test harness's schema-pinning dialect:
 * it needs its own in-memory PGlite, so it runs in the PGlite project only.
 */
describe.runIf(inject('backend') === 'pglite')('PGlite checkout order', () => {
  let client: PGlite;
  let db: Database;

  beforeAll(async () => {
    client = await createPglite();
    db = kyselyOverPglite(client);
  });

  afterAll(async () => {
    await db.destroy();
  });

  it('serves plain queries and transactions in arrival order', async () => {
    const finished: string[] = [];
    const transaction = (label: string) =>
      db
        .transaction()
        .execute(async (tx) => {
          for (let i = 0; i < 3; i++) await sql`select ${i}::int`.execute(tx);
        })
        .then(() => finished.push(label));
    const query = (label: string) => sql`select 1`.execute(db).then(() => finished.push(label));

    await Promise.all([
      query('q1'),
      transaction('t1'),
      query('q2'),
      query('q3'),
      transaction('t2'),
      query('q4'),
    ]);
    expect(finished).toEqual(['q1', 't1', 'q2', 'q3', 't2', 'q4']);
  });

  it('lets pending I/O run while clients keep the queue busy', async () => {
    const clients = 20;
    const queriesEach = 10;
    let completed = 0;
    const client = async () => {
      for (let i = 0; i < queriesEach; i++) {
        await sql`select 1`.execute(db);
        completed++;
      }
    };
    const running = Array.from({ length: clients }, client);
    // Stands for a socket that became readable once the clients were already queued.
    let completedWhenIoRan: number | null = null;
    setImmediate(() => (completedWhenIoRan = completed));
    await Promise.all(running);
    // Without a yield between checkouts every query drains in microtasks before any I/O runs.
    expect(completedWhenIoRan).not.toBeNull();
    expect(completedWhenIoRan).toBeLessThan(clients * queriesEach);
  });
});
