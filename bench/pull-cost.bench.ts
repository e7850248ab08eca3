/*
 * A pull of 10 new changes from a server holding 1,000,000 (issue 3, target < 20 ms on
 * PostgreSQL), measured through the real pullChanges service, before and after the load, plus
 * the EXPLAIN of the records query to show an index range scan from the cursor.
 *
 *   pnpm --filter @ducha/bench pull-cost     (BENCH_PULL_ROWS, BENCH_PULL_ITERATIONS to vary)
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { SYNC_SCHEMA_VERSION } from '@ducha/shared';
import { loadSessionUser } from '../api/src/auth/session.service';
import { systemClock } from '../api/src/clock';
import { loadConfig } from '../api/src/config';
import { createPostgresPool } from '../api/src/db/database';
import { migrateToLatest } from '../api/src/db/migrate';
import type { DB } from '../api/src/db/schema';
import type { AppDeps } from '../api/src/deps';
import { silentLogger } from '../api/src/logger';
import { seedDemoIfEmpty } from '../api/src/seed/demo-seed';
import { encodeCursor } from '../api/src/sync/sync-cursor';
import { pullChanges } from '../api/src/sync/sync-pull.service';
import { describeMachine, machineLabel } from './machine';
import { createScratchDatabase } from './pg-database';
import { recordResults, today } from './results';
import { ms, summarize, type Summary } from './stats';

const TOTAL_ROWS = Number(process.env.BENCH_PULL_ROWS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_PULL_ITERATIONS ?? 300);
const BATCH = 1000;
const WARMUP = 20;
const NEW_CHANGES = 10;
const TARGET_MS = 20;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const scratch = await createScratchDatabase();
  log(`database ${scratch.name}`);
  const pool = createPostgresPool({ connectionString: scratch.url, max: 4 });
  pool.on('error', (err) => log(`idle connection lost: ${err.message}`));
  let lastRecordsQuery: CompiledQuery | null = null;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      if (event.level === 'query' && /from "sync_records"/.test(event.query.sql)) {
        lastRecordsQuery = event.query;
      }
    },
  });
  try {
    await migrateToLatest(db);
    const deps: AppDeps = {
      db,
      config: loadConfig({ WEB_DIR: '/nonexistent' }),
      clock: systemClock,
      logger: silentLogger,
    };
    await seedDemoIfEmpty(deps);
    const inspectorRow = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'inspector')
      .executeTakeFirstOrThrow();
    const user = (await loadSessionUser(db, inspectorRow.id))!;
    const visible = await db
      .selectFrom('plans')
      .select('id')
      .where('team_id', 'in', user.teamIds)
      .execute();
    const allPlans = (await db.selectFrom('plans').select('id').execute()).map((p) => p.id);
    const target = visible[0]!.id;
    log(`plans: ${allPlans.length} in total, ${visible.length} visible to the inspector`);

    let counter = 0;
    // One transaction per change, as a push applies one mutation per transaction.
    const writeNewChanges = async () => {
      let last = '0';
      for (let i = 0; i < NEW_CHANGES; i++) {
        counter++;
        const { rows } = await pool.query<{ xid: string }>(
          `INSERT INTO sync_records (type, id, plan_id, version, fields)
           VALUES ('note', $1, $2, nextval('sync_version_seq'),
                   jsonb_build_object('text', $3::text, 'itemId', null))
           RETURNING xid::text`,
          [`new-${counter}`, target, `新记录 ${counter}`],
        );
        last = rows[0]!.xid;
      }
      // xids are cluster-wide: any write transaction still open elsewhere on this server (other
      // databases, autovacuum) holds the horizon back and a pull rightly returns fewer rows.
      // Wait, untimed, until the horizon has passed our writes, so every sample pulls all 10.
      for (;;) {
        const { rows } = await pool.query<{ ok: boolean }>(
          'select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 ok',
          [last],
        );
        if (rows[0]!.ok) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    const deviceId = randomUUID();
    /*
     * Why the tail: each sample is paired with a control (one `select 1` round trip on the same
     * pool, just before the pull) and tagged when a garbage collection of this process overlaps
     * it. A tail the control shares is the machine (CPU queueing on shared cores), not the pull.
     */
    const gcs: { start: number; end: number }[] = [];
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        gcs.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const measure = async (cursor: string | null, label: string) => {
      // Catch up first (the seed), then time only steady-state pulls of 10 new changes.
      for (;;) {
        const out = await pullChanges(deps, user, req(deviceId, cursor));
        if (!out.ok) throw new Error(`pull failed: ${out.failure.messageKey}`);
        cursor = out.value.cursor;
        if (!out.value.hasMore) break;
      }
      const samples: number[] = [];
      const control: number[] = [];
      const withoutGc: number[] = [];
      let gcHit = 0;
      for (let i = -WARMUP; i < ITERATIONS; i++) {
        await writeNewChanges();
        const c0 = performance.now();
        await pool.query('select 1');
        const c1 = performance.now();
        const started = performance.now();
        const out = await pullChanges(deps, user, req(deviceId, cursor));
        const ended = performance.now();
        if (i >= 0) {
          samples.push(ended - started);
          control.push(c1 - c0);
          // Observer entries arrive asynchronously: give them a turn before looking.
          await new Promise((r) => setImmediate(r));
          if (gcs.some((g) => g.end >= started && g.start <= ended)) gcHit++;
          else withoutGc.push(ended - started);
        }
        if (!out.ok) throw new Error(`pull failed: ${out.failure.messageKey}`);
        if (out.value.changes.length !== NEW_CHANGES || out.value.hasMore) {
          throw new Error(`expected ${NEW_CHANGES} changes, got ${out.value.changes.length}`);
        }
        cursor = out.value.cursor;
      }
      const s = summarize(samples);
      const ctl = summarize(control);
      const noGc = summarize(withoutGc);
      log(`${label}: ${fmt(s)}`);
      log(`  control select 1: ${fmt(ctl)}; pulls without GC: ${fmt(noGc)}; with GC: ${gcHit}`);
      return { ...s, control: ctl, noGc, gcHit };
    };
    const loadStart = os.loadavg()[0]!.toFixed(1);

    const count = async () =>
      Number((await pool.query<{ n: string }>('select count(*) n from sync_records')).rows[0]!.n);
    const small = await measure(null, `pull of 10 with ${await count()} changes stored`);

    log(`loading ${TOTAL_ROWS} changes in transactions of ${BATCH}…`);
    const loadStarted = performance.now();
    for (let from = 1; from <= TOTAL_ROWS; from += BATCH) {
      const to = Math.min(TOTAL_ROWS, from + BATCH - 1);
      // Spread over every plan, so most of the table is invisible to the caller, as on a real
      // server; each batch is its own transaction, hence its own xid.
      await pool.query(
        `INSERT INTO sync_records (type, id, plan_id, version, fields)
         SELECT 'note', 'bulk-' || g, ($3::uuid[])[1 + g % cardinality($3::uuid[])],
                nextval('sync_version_seq'),
                jsonb_build_object('inspectionId', md5(g::text), 'itemId', null,
                  'text', '现场检查记录：食堂账目未按规定公示，经费报销凭证不全 #' || g,
                  'createdAt', '2026-03-02T01:00:00.000Z')
         FROM generate_series($1::int, $2::int) g`,
        [from, to, allPlans],
      );
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    await pool.query('VACUUM ANALYZE sync_records');
    const total = await count();
    log(`loaded in ${loadSeconds.toFixed(1)} s (${Math.round(TOTAL_ROWS / loadSeconds)} rows/s)`);

    // A device that was up to date before the load has its cursor at the horizon; the load is
    // other users' work, mostly invisible to it. Start from the horizon as a full pull ends.
    const { rows } = await pool.query<{ x: string }>(
      'select pg_snapshot_xmin(pg_current_snapshot())::text x',
    );
    const big = await measure(
      encodeCursor({ xid: BigInt(rows[0]!.x), key: null }),
      `pull of 10 with ${total} changes stored`,
    );

    const query = lastRecordsQuery as CompiledQuery | null;
    if (!query) throw new Error('no records query was captured');
    const explain = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) ${query.sql}`,
      [...query.parameters],
    );
    const plan = explain.rows.map((r) => r['QUERY PLAN']).join('\n');
    log(plan);
    const usesIndex = /Index (Only )?Scan using sync_records_xid_idx/.test(plan);
    log(`records query uses sync_records_xid_idx: ${usesIndex}`);

    gcObserver.disconnect();
    const machine = `${machineLabel(await describeMachine(scratch.url))} (at start: ${loadStart})`;
    // The issue names no percentile: report both, so a tail lost to a busy machine shows.
    const verdict =
      big.p95 < TARGET_MS
        ? 'met at p95'
        : big.p50 < TARGET_MS
          ? 'met at p50, MISSED at p95'
          : 'MISSED';
    await recordResults(
      [
        {
          // Keyed by the rows loaded, not the exact total: the demo seed's size changes.
          benchmark: `pull 10 new changes, ${TOTAL_ROWS.toLocaleString('en')} loaded + demo seed (PostgreSQL)`,
          target: `< ${TARGET_MS} ms`,
          result:
            `p50 ${ms(big.p50)} · p95 ${ms(big.p95)} · p99 ${ms(big.p99)} ms (n=${big.n}); ` +
            `${verdict}; xid index scan: ${usesIndex ? 'yes' : 'NO'}`,
          machine,
          date: today(),
        },
        {
          benchmark: 'pull 10 new changes, demo seed only stored (PostgreSQL, baseline)',
          target: '—',
          result: `p50 ${ms(small.p50)} · p95 ${ms(small.p95)} · p99 ${ms(small.p99)} ms (n=${small.n})`,
          machine,
          date: today(),
        },
      ],
      {
        key: 'pull-cost',
        markdown: [
          '## Pull cost (`pull-cost.bench.ts`)',
          '',
          `${total.toLocaleString('en')} changes in \`sync_records\` (loaded in transactions of ` +
            `${BATCH} rows, ${loadSeconds.toFixed(0)} s, spread over ${allPlans.length} plans; ` +
            `${visible.length} visible to the caller). Each sample: ${NEW_CHANGES} changes ` +
            `written in ${NEW_CHANGES} transactions, then one \`pullChanges\` from the device's ` +
            `cursor, timed alone. Percentiles in ms.`,
          '',
          '| stored changes | p50 | p95 | p99 | max | control `select 1` p50 / p95 / p99 | pulls with no GC overlap: p50 / p95 / p99 (n) |',
          '| -------------- | --- | --- | --- | --- | --- | --- |',
          row(`seed only`, small),
          row(total.toLocaleString('en'), big),
          '',
          `Load average (1 min) at the start ${loadStart}, at the end ${os.loadavg()[0]!.toFixed(1)}.`,
          '',
          'Plan of the records query of the last pull (`EXPLAIN ANALYZE`, after the load):',
          '',
          '```text',
          plan,
          '```',
        ].join('\n'),
      },
    );
    log(`pull of 10 new changes: target < ${TARGET_MS} ms ${verdict}`);
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}

function req(deviceId: string, cursor: string | null) {
  // As the app asks: its own records back as digests.
  return { deviceId, cursor, limit: 500, schemaVersion: SYNC_SCHEMA_VERSION, elideOwn: true };
}

function fmt(s: Summary): string {
  return `p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms (n=${s.n})`;
}

type Measured = Summary & { control: Summary; noGc: Summary; gcHit: number };

function row(label: string, s: Measured): string {
  return (
    `| ${label} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ` +
    `${ms(s.control.p50)} / ${ms(s.control.p95)} / ${ms(s.control.p99)} | ` +
    `${ms(s.noGc.p50)} / ${ms(s.noGc.p95)} / ${ms(s.noGc.p99)} (${s.noGc.n}) |`
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
