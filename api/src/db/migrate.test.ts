import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISCIPLINE_FORMS,
  FINDING_CATEGORIES,
  INSPECTION_STATUSES,
  LEDGER_STATUSES,
  PLAN_KINDS,
  PLAN_STATUSES,
  RECTIFICATION_KINDS,
  ROLES,
  SEVERITIES,
  UNIT_KINDS,
} from '@ducha/shared';
import { openTestDatabase, type TestDatabase } from '../test/test-db';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';

let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
});
afterAll(() => t.cleanup());

async function constraintDefs(table: string): Promise<string> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class r on r.oid = c.conrelid
    join pg_namespace n on n.oid = r.relnamespace
    where r.relname = ${table} and n.nspname = ${t.schema} and c.contype = 'c'`.execute(t.db);
  return rows.map((r) => r.def).join('\n');
}

describe('migrations', () => {
  it('apply every migration once, then nothing on later runs', async () => {
    const first = await migrateToLatest(t.db);
    expect(first.applied).toEqual(Object.keys(migrations));
    const second = await migrateToLatest(t.db);
    expect(second.applied).toEqual([]);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from kysely_migration`.execute(t.db);
    expect(rows[0]?.n).toBe(Object.keys(migrations).length);
  });

  it('CHECK constraints hold exactly the shared vocabularies', async () => {
    const expectations: [string, readonly string[]][] = [
      ['units', UNIT_KINDS],
      ['users', ROLES],
      ['plans', PLAN_KINDS],
      ['plans', PLAN_STATUSES],
      ['inspections', INSPECTION_STATUSES],
      ['findings', FINDING_CATEGORIES],
      ['findings', SEVERITIES],
      ['findings', DISCIPLINE_FORMS],
      ['rectification_items', RECTIFICATION_KINDS],
      ['rectification_items', LEDGER_STATUSES],
    ];
    for (const [table, values] of expectations) {
      const defs = await constraintDefs(table);
      for (const v of values) expect(defs, `${table} accepts ${v}`).toContain(`'${v}'::text`);
    }
  });

  it('maintain unit paths, refuse cycles and keep paths read-only', async () => {
    const root = await t.db
      .insertInto('units')
      .values({ name: '测试省', kind: 'province', code: 'T' })
      .returning(['id', 'path'])
      .executeTakeFirstOrThrow();
    expect(root.path).toBe(`/${root.id}/`);
    const city = await t.db
      .insertInto('units')
      .values({ name: '测试市', kind: 'city', code: 'T.C', parent_id: root.id })
      .returning(['id', 'path'])
      .executeTakeFirstOrThrow();
    const county = await t.db
      .insertInto('units')
      .values({ name: '测试县', kind: 'county', code: 'T.C.X', parent_id: city.id })
      .returning(['id', 'path'])
      .executeTakeFirstOrThrow();
    expect(county.path).toBe(`/${root.id}/${city.id}/${county.id}/`);

    // Moving the city under a new root rewrites its subtree.
    const other = await t.db
      .insertInto('units')
      .values({ name: '另一省', kind: 'province', code: 'O' })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('units')
      .set({ parent_id: other.id })
      .where('id', '=', city.id)
      .execute();
    const moved = await t.db
      .selectFrom('units')
      .select('path')
      .where('id', '=', county.id)
      .executeTakeFirstOrThrow();
    expect(moved.path).toBe(`/${other.id}/${city.id}/${county.id}/`);

    await expect(
      t.db.updateTable('units').set({ parent_id: county.id }).where('id', '=', city.id).execute(),
    ).rejects.toThrow();
    await expect(
      t.db.updateTable('units').set({ path: '/forged/' }).where('id', '=', county.id).execute(),
    ).rejects.toThrow();
  });

  it('keep the audit trail append-only', async () => {
    await t.db
      .insertInto('audit_events')
      .values({ at: new Date(), action: 'auth.login', entity: 'session', details: '{}' })
      .execute();
    await expect(t.db.updateTable('audit_events').set({ entity: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });

  it('enforce the domain rules the database can check', async () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$x$y';
    // A supervisor without a scope.
    await expect(
      t.db
        .insertInto('users')
        .values({
          username: 'sup',
          display_name: '督查',
          password_hash: hash,
          role: 'supervisor',
          unit_id: null,
          scope_unit_id: null,
        })
        .execute(),
    ).rejects.toThrow();
    // Usernames are stored lower-case.
    await expect(
      t.db
        .insertInto('users')
        .values({
          username: 'Mixed',
          display_name: '某人',
          password_hash: hash,
          role: 'inspector',
          unit_id: null,
          scope_unit_id: null,
        })
        .execute(),
    ).rejects.toThrow();
    // Passwords are never stored in the clear.
    await expect(
      t.db
        .insertInto('users')
        .values({
          username: 'plain',
          display_name: '某人',
          password_hash: 'secret',
          role: 'inspector',
          unit_id: null,
          scope_unit_id: null,
        })
        .execute(),
    ).rejects.toThrow();
  });
});
