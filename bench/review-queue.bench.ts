/*
 * The supervisor's review queue (审核) and one visit under review on PostgreSQL, with
 * BENCH_REVIEW_VISITS visits (default 100,000) over BENCH_REVIEW_PLANS plans and one finding per
 * visit in the read models (visit_projection, finding_projection): the first page of the waiting
 * tab for the province supervisor (scope: everything) and the city supervisor (a subtree), with a
 * unit filter, and `review.get` of a seeded visit. Prints figures; asserts nothing.
 *
 *   pnpm --filter @ducha/bench review-queue
 */
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { ReviewQueueInput } from '@ducha/shared';
import { loadSessionUser } from '../api/src/auth/session.service';
import { systemClock } from '../api/src/clock';
import { loadConfig } from '../api/src/config';
import { createPostgresPool } from '../api/src/db/database';
import { migrateToLatest } from '../api/src/db/migrate';
import type { DB } from '../api/src/db/schema';
import type { AppDeps } from '../api/src/deps';
import { silentLogger } from '../api/src/logger';
import { reviewQueue } from '../api/src/review/review-queue.service';
import { reviewVisit } from '../api/src/review/review-visit.service';
import { seedDemoIfEmpty } from '../api/src/seed/demo-seed';
import { describeMachine, machineLabel } from './machine';
import { createScratchDatabase } from './pg-database';
import { ms, summarize } from './stats';

const VISITS = Number(process.env.BENCH_REVIEW_VISITS ?? 100_000);
const PLANS = Number(process.env.BENCH_REVIEW_PLANS ?? 2_000);
const ITERATIONS = Number(process.env.BENCH_REVIEW_ITERATIONS ?? 100);
const WARMUP = 10;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  const s = summarize(samples);
  log(`${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`);
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase();
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

    const t0 = performance.now();
    // Open plans on random units, copied from a demo 年中督责 plan (template, team, creator).
    await sql`insert into plans (id, title, kind, status, confidential, target_unit_id, team_id,
        window_start, window_end, template_id, template_version, description, created_by)
      select gen_random_uuid(), p.title || ' #' || g, 'midyear', 'in_progress', false,
        (select id from units order by random() + g * 0 limit 1), p.team_id, p.window_start,
        p.window_end, p.template_id, p.template_version, '', p.created_by
      from (select * from plans where kind = 'midyear' limit 1) p,
        generate_series(1, ${PLANS}) g`.execute(db);
    await sql`insert into visit_projection (inspection_id, plan_id, template_id, template_version,
        status, started_by, started_at, submitted_at, submitted_by, returned_at, approved_at,
        score, grade)
      select gen_random_uuid(), p.id, p.template_id, p.template_version,
        (array['submitted','submitted','returned','approved','approved','draft'])[1 + g % 6],
        p.created_by, now() - g * interval '1 minute', now() - g * interval '1 minute',
        p.created_by, case when g % 6 = 2 then now() end, case when g % 6 in (3, 4) then now() end,
        60 + g % 40, 'pass'
      from generate_series(1, ${VISITS}) g
      join (select *, row_number() over (order by id) - 1 as n from plans) p
        on p.n = g % (select count(*) from plans)`.execute(db);
    await sql`insert into finding_projection (finding_id, plan_id, inspection_id, unit_id,
        category, severity, title, created_at)
      select gen_random_uuid(), v.plan_id, v.inspection_id, p.target_unit_id, 'funds', 'medium',
        '问题', now()
      from visit_projection v join plans p on p.id = v.plan_id`.execute(db);
    await sql`analyze`.execute(db);
    log(
      `loaded ${PLANS} plans, ${VISITS} visits and as many findings in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const userOf = async (username: string) => {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return (await loadSessionUser(db, row.id))!;
    };
    const province = await userOf('supervisor');
    const city = await userOf('sunwei');
    const cityUnit = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'JN.LJ')
      .executeTakeFirstOrThrow();
    const seeded = await db
      .selectFrom('inspections')
      .select('id')
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();

    const first = ReviewQueueInput.parse({});
    const page = await reviewQueue(db, province, first);
    log(`province supervisor: ${page.total} visits waiting`);
    await time('queue, first page, province supervisor', () => reviewQueue(db, province, first));
    await time('queue, first page, city supervisor (subtree)', () => reviewQueue(db, city, first));
    await time('queue, first page, province supervisor, unit filter 临江市', () =>
      reviewQueue(db, province, ReviewQueueInput.parse({ unitId: cityUnit.id })),
    );
    await time('queue, page 200 of the approved tab', () =>
      reviewQueue(db, province, ReviewQueueInput.parse({ status: 'approved', page: 200 })),
    );
    await time('get one visit (demo 专项检查, scored on read)', () =>
      reviewVisit(db, province, seeded.id),
    );
    log(machineLabel(await describeMachine(scratch.url)));
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
