import { Kysely, PostgresDialect, sql } from 'kysely';
import { addDays, chinaDate } from '@ducha/shared';
import { loadSessionUser } from '../api/src/auth/session.service';
import { ledgerFigures, trends } from '../api/src/dashboard/dashboard.service';
import { createPostgresPool } from '../api/src/db/database';
import type { DB } from '../api/src/db/schema';

const url = process.env.BENCH_DASH_URL!;
const captured: { sql: string; parameters: readonly unknown[] }[] = [];
const pool = createPostgresPool({ connectionString: url, max: 2 });
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log(e) {
    if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
  },
});
const row = await db.selectFrom('users').select('id').where('username', '=', process.env.WHO ?? 'supervisor').executeTakeFirstOrThrow();
const user = (await loadSessionUser(db, row.id))!;
const today = chinaDate(new Date());
const filter = { from: addDays(today, -Number(process.env.DAYS ?? 89)), to: today };
captured.length = 0;
if (process.env.Q === 'ledger') await ledgerFigures(db, user, filter, new Date());
else await trends(db, user, { filter, granularity: 'week' });
for (const q of captured.filter((c) => /ledger_events|finding_projection|rectification_items/.test(c.sql))) {
  const { rows } = await sql.raw(`explain (analyze, buffers off, timing on) ${q.sql.replace(/\$(\d+)/g, (_, n) => {
    const v = q.parameters[Number(n) - 1];
    return v instanceof Date ? `'${v.toISOString()}'::timestamptz` : `'${String(v)}'`;
  })}`).execute(db);
  console.log('-----\n' + (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
}
await db.destroy();
