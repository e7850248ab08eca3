/*
 * The dashboard's queries (issue 5: p95 < 200 ms on PostgreSQL) over 100,000 findings and
 * 1,000,000 checklist answers, with the visits, plans and ledger items around them, written as
 * the real rows the dashboard reads: sync records (projected by the 0009 trigger into
 * finding_projection / visit_projection), rectification items (their status changes by the 0012
 * trigger into ledger_events). Each dashboard.* service is timed for the province supervisor —
 * the widest scope — and for a city supervisor, over the default 90 days and over a year.
 * Prints figures; records nothing.
 *
 *   pnpm --filter @ducha/bench dashboard   (BENCH_DASH_FINDINGS, BENCH_DASH_ANSWERS,
 *                                           BENCH_DASH_RUNS to vary)
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { addDays, chinaDate } from '@ducha/shared';
import { loadSessionUser, type SessionUser } from '../api/src/auth/session.service';
import { systemClock } from '../api/src/clock';
import { loadConfig } from '../api/src/config';
import { periodSummary } from '../api/src/dashboard/dashboard-summary.service';
import {
  findingFigures,
  ledgerFigures,
  recentVisits,
  trends,
  unitScores,
} from '../api/src/dashboard/dashboard.service';
import { createPostgresPool } from '../api/src/db/database';
import { migrateToLatest } from '../api/src/db/migrate';
import type { DB } from '../api/src/db/schema';
import type { AppDeps } from '../api/src/deps';
import { silentLogger } from '../api/src/logger';
import { seedDemoIfEmpty } from '../api/src/seed/demo-seed';
import { describeMachine, machineLabel } from './machine';
import { createScratchDatabase } from './pg-database';
import { ms, summarize } from './stats';

const FINDINGS = Number(process.env.BENCH_DASH_FINDINGS ?? 100_000);
const ANSWERS = Number(process.env.BENCH_DASH_ANSWERS ?? 1_000_000);
const RUNS = Math.max(30, Number(process.env.BENCH_DASH_RUNS ?? 40));
const PLANS = 2_000;
const ANSWERS_PER_VISIT = 100;
const CHUNK = 50_000;
const WARMUP = 3;
const TARGET_MS = 200;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await run();
  log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/*
 * The 回头看 mirror triggers (migration 0005) re-mirror every active 回头看 plan whose target
 * subtree a new finding or ledger item touches, each time reading every finding of that subtree:
 * quadratic for a bulk load of 100,000. They feed the phones' 回头看 lists, not the dashboard, so
 * the seed turns them off while loading and re-mirrors once at the end.
 */
const FOLLOW_UP_TRIGGERS = [
  ['sync_records', 'sync_finding_records_inserted'],
  ['rectification_items', 'sync_ledger_follow_up'],
] as const;

async function followUpTriggers(db: Kysely<DB>, enabled: boolean): Promise<void> {
  for (const [table, trigger] of FOLLOW_UP_TRIGGERS) {
    await sql`alter table ${sql.table(table)} ${sql.raw(enabled ? 'enable' : 'disable')} trigger ${sql.ref(trigger)}`.execute(
      db,
    );
  }
}

async function seed(db: Kysely<DB>): Promise<void> {
  await followUpTriggers(db, false);
  await seedRows(db);
  await followUpTriggers(db, true);
  await timed('回头看 re-mirror', () => sql`select sync_refresh_follow_ups(null)`.execute(db));
  // What autovacuum does after a bulk load: statistics, and the visibility map that lets the
  // covering indexes answer without reading the heap.
  await timed('vacuum analyze', () => sql`vacuum analyze`.execute(db));
}

async function seedRows(db: Kysely<DB>): Promise<void> {
  const visits = Math.ceil(ANSWERS / ANSWERS_PER_VISIT);
  // Plans over every unit, of every kind, spread over the last year; a few 四不两直 still secret.
  await timed(`${PLANS} plans`, () =>
    sql`
      insert into plans (title, kind, status, confidential, target_unit_id, team_id,
        window_start, window_end, template_id, template_version, created_by)
      select '计划 ' || g,
        (array['special','midyear','follow_up','open_covert','unannounced'])[1 + g % 5],
        case when g % 50 = 4 then 'planned' else 'done' end,
        g % 5 = 4,
        u.ids[1 + g % array_length(u.ids, 1)], t.id,
        current_date - (g % 365), current_date - (g % 365) + 3, p.template_id,
        p.template_version, p.created_by
      from generate_series(1, ${sql.lit(PLANS)}) g,
        (select array_agg(id order by code) ids from units) u,
        (select id from teams order by name limit 1) t,
        (select template_id, template_version, created_by from plans limit 1) p`.execute(db),
  );
  await sql`create temp table bench_plans as
    select row_number() over (order by id) n, id, target_unit_id from plans
    where title like '计划 %'`.execute(db);
  await sql`update plans set revealed_at = now()
    where title like '计划 %' and status = 'done' and confidential`.execute(db);

  await timed(`${visits} visits`, () =>
    sql`
      insert into sync_records (type, id, plan_id, version, fields)
      select 'inspection', gen_random_uuid()::text, bp.id, nextval('sync_version_seq'),
        jsonb_build_object('planId', bp.id, 'status',
          case when g % 3 = 0 then 'approved' else 'submitted' end,
          'startedAt', now() - make_interval(days => g % 365, hours => 3),
          'submittedAt', now() - make_interval(days => g % 365))
      from generate_series(1, ${sql.lit(visits)}) g
      join bench_plans bp on bp.n = 1 + g % ${sql.lit(PLANS)}`.execute(db),
  );
  await sql`update visit_projection v set score = 50 + (random() * 50)::numeric(5,2),
    grade = 'good', scored_at = now()`.execute(db);
  await sql`create temp table bench_visits as
    select row_number() over (order by inspection_id) n, inspection_id, plan_id
    from visit_projection`.execute(db);

  for (let done = 0; done < ANSWERS; done += CHUNK) {
    const n = Math.min(CHUNK, ANSWERS - done);
    await timed(`answers ${done + n}/${ANSWERS}`, () =>
      sql`
        insert into sync_records (type, id, plan_id, version, fields)
        select 'answer', bv.inspection_id || ':' || (g % ${sql.lit(ANSWERS_PER_VISIT)}), bv.plan_id,
          nextval('sync_version_seq'),
          jsonb_build_object('inspectionId', bv.inspection_id, 'itemId', gen_random_uuid(),
            'answer', jsonb_build_object('kind', 'conformity',
              'value', (array['conforms','partial','nonconforming'])[1 + g % 3]))
        from generate_series(${sql.lit(done + 1)}, ${sql.lit(done + n)}) g
        join bench_visits bv on bv.n = 1 + (g - 1) / ${sql.lit(ANSWERS_PER_VISIT)}`.execute(db),
    );
  }

  for (let done = 0; done < FINDINGS; done += CHUNK) {
    const n = Math.min(CHUNK, FINDINGS - done);
    await timed(`findings ${done + n}/${FINDINGS}`, () =>
      sql`
        insert into sync_records (type, id, plan_id, version, fields)
        select 'finding', gen_random_uuid()::text, bv.plan_id, nextval('sync_version_seq'),
          jsonb_build_object('planId', bv.plan_id, 'inspectionId', bv.inspection_id,
            'unitId', p.target_unit_id,
            'category', (array['political','ideological','organisational','conduct',
              'discipline','institutional','eight_rules','funds','other'])[1 + g % 9],
            'severity', (array['low','medium','high','critical'])[1 + g % 4],
            'recommendedForm', (array['form1','form1','form1','form2','form3','form4',null])[1 + g % 7],
            'title', '问题 ' || g, 'description', '经查', 'isClue', g % 17 = 0,
            'proposedRectification', null,
            'createdAt', now() - make_interval(days => g % 365, mins => g % 600))
        from generate_series(${sql.lit(done + 1)}, ${sql.lit(done + n)}) g
        join bench_visits bv on bv.n = 1 + g % ${sql.lit(visits)}
        join plans p on p.id = bv.plan_id`.execute(db),
    );
  }

  // Half the findings became ledger items, in every status, with their transitions.
  await timed(`${FINDINGS / 2} ledger items`, () =>
    sql`
      insert into rectification_items (finding_id, title, measures, responsible_unit_id,
        responsible_person, kind, deadline, status, history, relapse_count, closed_at,
        created_by, created_at)
      select f.finding_id, '整改 ' || f.title, '限期整改', f.unit_id, '责任人',
        (array['immediate','deadline','campaign'])[1 + s.g % 3],
        case when s.g % 3 = 0 then null else (f.created_at + interval '30 days')::date end,
        st.status,
        case st.status
          when 'closed' then jsonb_build_array(
            jsonb_build_object('event','start','from','open','to','in_progress',
              'at', f.created_at + interval '2 days'),
            jsonb_build_object('event','close','from','verified','to','closed',
              'at', f.created_at + interval '20 days'))
          when 'reopened' then jsonb_build_array(
            jsonb_build_object('event','close','from','verified','to','closed',
              'at', f.created_at + interval '10 days'),
            jsonb_build_object('event','reopen','from','closed','to','reopened',
              'at', f.created_at + interval '25 days'))
          else '[]'::jsonb end,
        case st.status when 'reopened' then 1 else 0 end,
        case st.status when 'closed' then f.created_at + interval '20 days' end,
        (select id from users where username = 'supervisor'), f.created_at
      from (select finding_id, title, unit_id, created_at,
              row_number() over (order by finding_id) g
            from finding_projection where title like '问题 %') f
      cross join lateral (select f.g) s(g)
      cross join lateral (select (array['open','in_progress','reported','verified','closed',
        'closed','reopened'])[1 + s.g % 7] as status) st
      where s.g % 2 = 0`.execute(db),
  );
}

async function main(): Promise<void> {
  // BENCH_DASH_KEEP=1 keeps the seeded database and prints its URL; BENCH_DASH_URL=… times the
  // queries again on it (to compare query plans without seeding afresh).
  const reuse = process.env.BENCH_DASH_URL;
  const keep = process.env.BENCH_DASH_KEEP === '1';
  const scratch = reuse
    ? { name: new URL(reuse).pathname.slice(1), url: reuse, drop: () => Promise.resolve() }
    : await createScratchDatabase('ducha_bench_dash');
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
    if (!reuse) {
      await seedDemoIfEmpty(deps);
      log('seeding');
      await seed(db);
    }
    const counts = await sql<{ type: string; n: string }>`
      select type, count(*)::text n from sync_records group by type order by type`.execute(db);
    log(`sync_records: ${counts.rows.map((r) => `${r.type} ${r.n}`).join(', ')}`);
    const items = await sql<{ n: string; e: string }>`
      select (select count(*) from rectification_items)::text n,
        (select count(*) from ledger_events)::text e`.execute(db);
    log(`rectification_items ${items.rows[0]!.n}, ledger_events ${items.rows[0]!.e}`);

    const userOf = async (username: string): Promise<SessionUser> => {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return (await loadSessionUser(db, row.id))!;
    };
    const today = chinaDate(new Date());
    const ranges = {
      '90 days': { from: addDays(today, -89), to: today },
      '365 days': { from: addDays(today, -364), to: today },
    };
    const now = new Date();
    const machine = await describeMachine(scratch.url);
    log(
      `\n${machineLabel(machine)}; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    log(`| who | range | query | runs | p50 ms | p95 ms | max ms | p95 < ${TARGET_MS} ms |`);
    log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const who of ['supervisor', 'sunwei']) {
      const user = await userOf(who);
      for (const [rangeName, filter] of Object.entries(ranges)) {
        const queries: Record<string, () => Promise<unknown>> = {
          findings: () => findingFigures(db, user, filter),
          ledger: () => ledgerFigures(db, user, filter, now),
          scores: () => unitScores(db, user, filter),
          'trends (week)': () => trends(db, user, { filter, granularity: 'week' }),
          recentVisits: () => recentVisits(db, user, { filter, limit: 10 }),
          'summary (month)': () => periodSummary(db, user, { kind: 'month', date: today }, now),
        };
        for (const [name, run] of Object.entries(queries)) {
          for (let i = 0; i < WARMUP; i++) await run();
          const samples: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const t0 = performance.now();
            await run();
            samples.push(performance.now() - t0);
          }
          const s = summarize(samples);
          log(
            `| ${who} | ${rangeName} | ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} | ${s.p95 < TARGET_MS ? 'yes' : 'NO'} |`,
          );
        }
      }
    }
    log(
      `load after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await db.destroy();
    if (keep) log(`kept ${scratch.url}`);
    else if (!reuse) await scratch.drop();
  }
}

await main();
