/*
 * The 整改台账 at scale (supervisor issue: first page with a filter < 100 ms; XLSX export of
 * 100,000 rows < 10 s with bounded memory). Seeds 100,000 items on a fresh PostgreSQL database
 * (the demo, then generated items over every unit, status and kind), then measures through the
 * real services: ledger.list's first page under several filters (p50/p95), and the streamed
 * export of every item (wall time, peak RSS sampled while it runs, bytes written).
 *
 *   pnpm --filter @ducha/bench ledger     (BENCH_LEDGER_ROWS, BENCH_LEDGER_ITERATIONS to vary)
 */
import { PassThrough, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { LedgerListInput } from '@ducha/shared';
import { loadSessionUser } from '../api/src/auth/session.service';
import { systemClock } from '../api/src/clock';
import { loadConfig } from '../api/src/config';
import { createPostgresPool } from '../api/src/db/database';
import { migrateToLatest } from '../api/src/db/migrate';
import type { DB } from '../api/src/db/schema';
import type { AppDeps } from '../api/src/deps';
import { writeLedgerXlsx } from '../api/src/ledger/ledger-export.service';
import { listLedger } from '../api/src/ledger/ledger-list.service';
import { silentLogger } from '../api/src/logger';
import { seedDemoIfEmpty } from '../api/src/seed/demo-seed';
import { describeMachine, machineLabel } from './machine';
import { createScratchDatabase } from './pg-database';
import { ms, summarize } from './stats';

const TOTAL = Number(process.env.BENCH_LEDGER_ROWS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_LEDGER_ITERATIONS ?? 100);
const WARMUP = 10;
const LIST_TARGET_MS = 100;
const EXPORT_TARGET_S = 10;
const log = (line: string) => process.stdout.write(`${line}\n`);

const QUESTIONS: { name: string; input: LedgerListInput }[] = [
  { name: 'no filter, by deadline', input: {} },
  {
    name: 'status 整改中+反弹, by deadline',
    input: { filter: { statuses: ['in_progress', 'reopened'] } },
  },
  { name: 'overdue only', input: { filter: { overdue: true } } },
  { name: 'unit subtree (临江市)', input: { filter: { unitId: 'LJ' } } },
  { name: 'search “食堂”', input: { filter: { q: '食堂' } } },
  { name: 'category eight_rules', input: { filter: { category: 'eight_rules' } } },
  { name: 'by unit name, desc', input: { sort: 'unit', desc: true } },
];

async function main(): Promise<void> {
  const machine = await describeMachine(process.env.BENCH_DATABASE_URL ?? null);
  log(`machine: ${machineLabel(machine)}`);
  const scratch = await createScratchDatabase('ducha_bench_ledger');
  log(`database ${scratch.name}`);
  const pool = createPostgresPool({ connectionString: scratch.url, max: 4 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
    const deps: AppDeps = {
      db,
      config: loadConfig({ WEB_DIR: '/nonexistent' }),
      clock: systemClock,
      logger: silentLogger,
    };
    await seedDemoIfEmpty(deps);
    const started = performance.now();
    // Generated in SQL: every unit, status, kind; a third with a finding of a demo category.
    // A bulk load, so row triggers are off for it (session_replication_role): the 回头看 plans'
    // mirror refresh (migration 0005) would otherwise run once per inserted row.
    await db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`insert into rectification_items (title, measures, responsible_unit_id,
        responsible_person, kind, deadline, status, closed_at, created_by, created_at, updated_at,
        finding_id)
      select
        (array['清退违规发放津贴补贴','规范机关食堂公务接待','整改公务用车管理问题',
          '完善“三重一大”决策制度','清理超标准办公用房','规范工程项目招投标'])[1 + g % 6]
          || '（第' || g || '号）',
        '逐项制定整改措施，明确责任人和完成时限，按期报送整改情况。',
        u.id, '责任人' || (g % 500),
        (array['immediate','deadline','campaign'])[1 + g % 3],
        case when g % 7 = 0 then null else current_date + ((g % 240) - 120) end,
        s.status,
        case when s.status = 'closed' then now() - (g % 90) * interval '1 day' end,
        (select id from users where username = 'supervisor'),
        now() - (g % 400) * interval '1 day', now() - (g % 30) * interval '1 hour',
        case when g % 3 = 0 then (select finding_id from finding_projection
          order by finding_id offset (g / 3) % 5 limit 1) end
      from generate_series(1, ${TOTAL}) g
      cross join lateral (select id from units order by id offset g % (select count(*) from units) limit 1) u
      cross join lateral (select (array['open','in_progress','reported','verified','closed','reopened'])[1 + (g * 7) % 6] as status) s`.execute(
        tx,
      );
    });
    // A table in steady state: autovacuum would have set the visibility map by now.
    await sql`vacuum analyze rectification_items`.execute(db);
    await sql`analyze`.execute(db);
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from rectification_items`.execute(db);
    log(
      `seeded ${count.rows[0]!.n} ledger items in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const supRow = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow();
    const user = (await loadSessionUser(db, supRow.id))!;
    const lj = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'JN.LJ')
      .executeTakeFirstOrThrow();

    log(
      `\nledger.list first page (20 rows + counts), supervisor of the whole province, ${ITERATIONS} runs each:`,
    );
    let worstP95 = 0;
    for (const q of QUESTIONS) {
      const input: LedgerListInput =
        q.input.filter?.unitId === 'LJ' ? { ...q.input, filter: { unitId: lj.id } } : q.input;
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        const t0 = performance.now();
        const page = await listLedger(db, user, { ...input, page: 1, pageSize: 20 }, new Date());
        const dt = performance.now() - t0;
        total = page.total;
        if (i >= WARMUP) samples.push(dt);
      }
      const s = summarize(samples);
      worstP95 = Math.max(worstP95, s.p95);
      log(
        `  ${q.name.padEnd(34)} total ${String(total).padStart(6)}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}`,
      );
    }
    log(
      `  worst p95 ${ms(worstP95)} (target < ${LIST_TARGET_MS} ms): ${worstP95 < LIST_TARGET_MS ? 'met' : 'NOT met'}`,
    );

    log(`\nXLSX export of every item (streamed, server cursor):`);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done();
      },
    });
    const out = new PassThrough();
    out.pipe(sink);
    const t0 = performance.now();
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve);
      out.on('error', reject);
    });
    const rows = await writeLedgerXlsx(db, user, {}, new Date(), out);
    await finished;
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    log(
      `  ${rows} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB written in ${seconds.toFixed(2)} s (target < ${EXPORT_TARGET_S} s: ${seconds < EXPORT_TARGET_S ? 'met' : 'NOT met'})`,
    );
    log(`  RSS before ${mb(rssBefore)}, peak during export ${mb(peak)} (+${mb(peak - rssBefore)})`);
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
