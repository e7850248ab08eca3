import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { setupTestEnv, type TestEnv } from '../test/harness';

/* The status changes migration 0012 keeps for the dashboard's trends, by trigger. */

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.cleanup());

async function eventsOf(itemId: string) {
  const { rows } = await sql<{ seq: number | null; from_status: string | null; to_status: string }>`
    select seq, from_status, to_status from ledger_events where item_id = ${itemId}
    order by id`.execute(env.db);
  return rows;
}

describe('ledger_events', () => {
  it('holds the demo items’ past transitions, written before the migration', async () => {
    const closed = await env.db
      .selectFrom('rectification_items')
      .select(['id', 'history'])
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow();
    const events = await eventsOf(closed.id);
    expect(events[0]).toMatchObject({ seq: 0, to_status: 'open' });
    expect(events.at(-1)?.to_status).toBe('closed');
  });

  it('follows appended history entries once, and a bare status change too', async () => {
    const item = await env.db
      .selectFrom('rectification_items')
      .select(['id', 'status'])
      .where('status', '=', 'in_progress')
      .executeTakeFirstOrThrow();
    const before = (await eventsOf(item.id)).length;
    const entry = JSON.stringify([
      {
        event: 'submit_for_verification',
        from: 'in_progress',
        to: 'reported',
        at: '2026-03-03T00:00:00Z',
      },
    ]);
    await sql`update rectification_items set status = 'reported',
      history = history || ${entry}::jsonb where id = ${item.id}`.execute(env.db);
    // Rewriting the same history adds nothing.
    await sql`update rectification_items set history = history where id = ${item.id}`.execute(
      env.db,
    );
    let events = await eventsOf(item.id);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ from_status: 'in_progress', to_status: 'reported' });

    await sql`update rectification_items set status = 'in_progress' where id = ${item.id}`.execute(
      env.db,
    );
    events = await eventsOf(item.id);
    expect(events.at(-1)).toEqual({ seq: null, from_status: 'reported', to_status: 'in_progress' });
  });
});

describe('ledger_events of a moved item', () => {
  it('follow the item to its new responsible unit', async () => {
    const item = await env.db
      .selectFrom('rectification_items')
      .select(['id', 'responsible_unit_id'])
      .executeTakeFirstOrThrow();
    const other = await env.db
      .selectFrom('units')
      .select('id')
      .where('id', '<>', item.responsible_unit_id)
      .executeTakeFirstOrThrow();
    await sql`update rectification_items set responsible_unit_id = ${other.id}
      where id = ${item.id}`.execute(env.db);
    const { rows } = await sql<{ unit_id: string }>`
      select distinct unit_id from ledger_events where item_id = ${item.id}`.execute(env.db);
    expect(rows).toEqual([{ unit_id: other.id }]);
  });
});
