/*
 * 500 simulated devices pushing and pulling at once against ONE API process over HTTP on
 * loopback (issue 3, target p99 < 500 ms and no errors on PostgreSQL; PGlite reported).
 *
 * The API runs as its real entry point (api/src/main.ts) in a child process. Devices first sign
 * in (a few at a time; argon2id is not sync traffic) and pull everything they may see (warm-up);
 * only then, all at once, each runs ROUNDS rounds of pushing a few mutations and pulling what
 * changed (its own and everyone else's work): that phase alone is measured.
 *
 *   pnpm --filter @ducha/bench devices-load   (BENCH_DEVICES, BENCH_USERS, BENCH_BACKENDS=postgres,pglite)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SYNC_SCHEMA_VERSION, type Mutation } from '@ducha/shared';
import { systemClock } from '../api/src/clock';
import {
  createPglite,
  kyselyOverPglite,
  openPostgres,
  type Database,
} from '../api/src/db/database';
import { migrateToLatest } from '../api/src/db/migrate';
import { DEMO_PASSWORD } from '../api/src/seed/demo-data';
import { seedDemoIfEmpty } from '../api/src/seed/demo-seed';
import { startApp } from './app-process';
import { describeMachine, machineLabel } from './machine';
import { createScratchDatabase, PG_ADMIN_URL } from './pg-database';
import { recordResults, today } from './results';
import { ms, summarize, type Summary } from './stats';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 500);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NOTES_PER_PUSH = 2;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');
const TARGET_P99_MS = 500;
/*
 * Sign-ins are argon2id on the server (deliberately slow, ~2 cores' worth of CPU each): sending
 * 500 at once only measures a queue. A few in flight give the sign-in throughput instead.
 */
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 4);
/** The warm-up catch-up pulls are large pages; a bounded number in flight keeps them apart. */
const WARMUP_CONCURRENCY = Number(process.env.BENCH_WARMUP_CONCURRENCY ?? 25);

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Fixture {
  /** team id → a plan of that team with its template. */
  plans: Map<string, { id: string; templateId: string; templateVersion: number }>;
  users: { username: string; teamId: string }[];
}

/*
 * The demo seed plus USERS inspectors split over the demo teams; they share the demo password
 * hash, so signing in costs what a real sign-in costs.
 */
async function prepare(db: Database): Promise<Fixture> {
  await migrateToLatest(db);
  await seedDemoIfEmpty({ db, clock: systemClock });
  const inspector = await db
    .selectFrom('users')
    .select(['password_hash', 'unit_id'])
    .where('username', '=', 'inspector')
    .executeTakeFirstOrThrow();
  const teams = await db.selectFrom('teams').select('id').orderBy('name').execute();
  const plans = new Map<string, { id: string; templateId: string; templateVersion: number }>();
  for (const t of teams) {
    const p = await db
      .selectFrom('plans')
      .select(['id', 'template_id', 'template_version'])
      .where('team_id', '=', t.id)
      .orderBy('window_start')
      .executeTakeFirst();
    if (p) {
      plans.set(t.id, {
        id: p.id,
        templateId: p.template_id,
        templateVersion: p.template_version,
      });
    }
  }
  const teamIds = [...plans.keys()];
  const users: Fixture['users'] = [];
  for (let i = 0; i < USERS; i++) {
    const username = `bench${String(i).padStart(4, '0')}`;
    const teamId = teamIds[i % teamIds.length]!;
    const row = await db
      .insertInto('users')
      .values({
        username,
        display_name: `压测${i}`,
        password_hash: inspector.password_hash,
        role: 'inspector',
        unit_id: inspector.unit_id,
        scope_unit_id: null,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('team_members').values({ team_id: teamId, user_id: row.id }).execute();
    users.push({ username, teamId });
  }
  return { plans, users };
}

interface Tally {
  login: number[];
  /** Warm-up: each device's first full pull (catch-up), not part of the measured rounds. */
  initial: number[];
  push: number[];
  pull: number[];
  errors: Map<string, number>;
  applied: number;
  rejected: number;
  changesPulled: number;
}

function fail(t: Tally, what: string) {
  t.errors.set(what, (t.errors.get(what) ?? 0) + 1);
}

/*
 * node:http with one keep-alive agent instead of the global fetch: undici's pool and its 4 s
 * keep-alive/300 s body timeouts are not ours to tune without adding undici, and its errors only
 * say "fetch failed". Here every device keeps its socket (maxSockets unbounded, so 500 devices
 * are 500 connections, never a client-side queue), and a failure carries the socket's code.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 1000 });

interface CallOk {
  ok: true;
  data: unknown;
  setCookie: string[];
}

function post(
  baseUrl: string,
  procedure: string,
  input: unknown,
  cookie: string | null,
): Promise<{ status: number; body: string; setCookie: string[] }> {
  const payload = Buffer.from(JSON.stringify(input));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}/trpc/${procedure}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            setCookie: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function call(
  baseUrl: string,
  procedure: string,
  input: unknown,
  cookie: string | null,
): Promise<CallOk | { ok: false; error: string }> {
  try {
    const res = await post(baseUrl, procedure, input, cookie);
    const body = JSON.parse(res.body) as {
      result?: { data: unknown };
      error?: { data?: { messageKey?: string; code?: string } };
    };
    if (res.status !== 200 || !body.result) {
      return {
        ok: false,
        error: `${procedure}: HTTP ${res.status} ${body.error?.data?.messageKey ?? body.error?.data?.code ?? ''}`,
      };
    }
    return { ok: true, data: body.result.data, setCookie: res.setCookie };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: `${procedure}: ${code ?? ''} ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    samples.push(performance.now() - started);
  }
}

async function signIn(baseUrl: string, username: string, t: Tally): Promise<string | null> {
  const out = await timed(t.login, () =>
    call(baseUrl, 'auth.login', { username, password: DEMO_PASSWORD }, null),
  );
  if (!out.ok) {
    fail(t, out.error);
    return null;
  }
  const match = /ducha_session=([^;]*)/.exec(out.setCookie.join('\n'));
  if (!match) {
    fail(t, 'auth.login: no session cookie');
    return null;
  }
  return `ducha_session=${match[1]}`;
}

interface PullPage {
  changes: unknown[];
  cursor: string;
  hasMore: boolean;
}

async function pullAll(
  baseUrl: string,
  cookie: string,
  deviceId: string,
  cursor: string | null,
  t: Tally,
  samples: number[],
): Promise<string | null> {
  for (;;) {
    const out = await timed(samples, () =>
      call(
        baseUrl,
        'sync.pull',
        { deviceId, cursor, limit: 500, schemaVersion: SYNC_SCHEMA_VERSION },
        cookie,
      ),
    );
    if (!out.ok) {
      fail(t, out.error);
      return cursor;
    }
    const page = out.data as PullPage;
    t.changesPulled += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) return cursor;
  }
}

interface Device {
  cookie: string;
  plan: { id: string; templateId: string; templateVersion: number };
  deviceId: string;
  visitId: string;
  cursor: string | null;
  next: number;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function bounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await work(items[i++]!);
    }),
  );
}

/** One measured round: push a few mutations, then pull what changed since the last pull. */
async function runRound(baseUrl: string, d: Device, round: number, t: Tally): Promise<void> {
  const now = () => new Date().toISOString();
  const mutation = (name: string, args: unknown): Mutation => ({
    id: d.next++,
    name,
    args,
    schemaVersion: SYNC_SCHEMA_VERSION,
    clientTime: now(),
  });
  const batch: Mutation[] = [];
  if (round === 0) {
    batch.push(
      mutation('inspection.start', {
        id: d.visitId,
        planId: d.plan.id,
        templateId: d.plan.templateId,
        templateVersion: d.plan.templateVersion,
        startedAt: now(),
      }),
    );
  }
  for (let i = 0; i < NOTES_PER_PUSH; i++) {
    batch.push(
      mutation('note.add', {
        id: randomUUID(),
        inspectionId: d.visitId,
        itemId: null,
        text: `第${round + 1}轮现场记录${i + 1}：食堂账目未按规定公示`,
        createdAt: now(),
      }),
    );
  }
  const out = await timed(t.push, () =>
    call(baseUrl, 'sync.push', { deviceId: d.deviceId, mutations: batch }, d.cookie),
  );
  if (!out.ok) {
    fail(t, out.error);
    return;
  }
  for (const r of (out.data as { results: { status: string; reason?: string }[] }).results) {
    if (r.status === 'applied') t.applied++;
    else {
      t.rejected++;
      fail(t, `sync.push result ${r.status} ${r.reason ?? ''}`);
    }
  }
  d.cursor = await pullAll(baseUrl, d.cookie, d.deviceId, d.cursor, t, t.pull);
}

interface BackendResult {
  backend: string;
  loginWallS: number;
  loginsPerS: number;
  warmupWallS: number;
  syncWallS: number;
  requests: number;
  all: Summary;
  push: Summary;
  pull: Summary;
  login: Summary;
  initial: Summary;
  errors: Map<string, number>;
  applied: number;
  expected: number;
  changesPulled: number;
}

async function runBackend(backend: string): Promise<BackendResult> {
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  let fixture: Fixture;
  if (backend === 'postgres') {
    const scratch = await createScratchDatabase();
    const opened = openPostgres({ connectionString: scratch.url, max: 2 });
    fixture = await prepare(opened.db);
    await opened.close();
    env = { DATABASE_URL: scratch.url };
    cleanup = () => scratch.drop();
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ducha-bench-'));
    const db = kyselyOverPglite(await createPglite(path.join(dataDir, 'pglite')));
    fixture = await prepare(db);
    await db.destroy();
    env = { DATA_DIR: dataDir };
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const app = await startApp(env);
  log(`${backend}: API pid ${app.pid} at ${app.baseUrl}`);
  const t: Tally = {
    login: [],
    initial: [],
    push: [],
    pull: [],
    errors: new Map(),
    applied: 0,
    rejected: 0,
    changesPulled: 0,
  };
  try {
    const users = Array.from({ length: DEVICES }, (_, i) => fixture.users[i % USERS]!);
    const devices: Device[] = [];
    const loginStarted = performance.now();
    await bounded(users, LOGIN_CONCURRENCY, async (u) => {
      const cookie = await signIn(app.baseUrl, u.username, t);
      if (!cookie) return;
      devices.push({
        cookie,
        plan: fixture.plans.get(u.teamId)!,
        deviceId: randomUUID(),
        visitId: randomUUID(),
        cursor: null,
        next: 1,
      });
    });
    const loginWallS = (performance.now() - loginStarted) / 1000;
    log(`${backend}: ${devices.length}/${DEVICES} sign-ins in ${loginWallS.toFixed(1)} s`);

    const warmupStarted = performance.now();
    await bounded(devices, WARMUP_CONCURRENCY, async (d) => {
      d.cursor = await pullAll(app.baseUrl, d.cookie, d.deviceId, null, t, t.initial);
    });
    const warmupWallS = (performance.now() - warmupStarted) / 1000;
    log(`${backend}: warm-up (first full pull of every device) in ${warmupWallS.toFixed(1)} s`);
    const pulledBefore = t.changesPulled;

    // Measured: every signed-in device at once, each a closed loop of ROUNDS push + pull rounds.
    const syncStarted = performance.now();
    await Promise.all(
      devices.map(async (d) => {
        for (let round = 0; round < ROUNDS; round++) await runRound(app.baseUrl, d, round, t);
      }),
    );
    const syncWallS = (performance.now() - syncStarted) / 1000;
    const result: BackendResult = {
      backend,
      loginWallS,
      loginsPerS: t.login.length / loginWallS,
      warmupWallS,
      syncWallS,
      requests: t.push.length + t.pull.length,
      all: summarize([...t.push, ...t.pull]),
      push: summarize(t.push),
      pull: summarize(t.pull),
      login: summarize(t.login),
      initial: summarize(t.initial),
      errors: t.errors,
      applied: t.applied,
      expected: DEVICES * (1 + ROUNDS * NOTES_PER_PUSH),
      changesPulled: t.changesPulled - pulledBefore,
    };
    log(
      `${backend}: ${result.requests} sync requests in ${syncWallS.toFixed(1)} s ` +
        `(${(result.requests / syncWallS).toFixed(0)} req/s); push ${fmt(result.push)}; ` +
        `pull ${fmt(result.pull)}; mutations applied ${t.applied}/${result.expected}; ` +
        `errors ${[...t.errors.values()].reduce((a, b) => a + b, 0)}`,
    );
    for (const [what, n] of t.errors) log(`  ${n} × ${what}`);
    return result;
  } finally {
    await app.stop();
    await cleanup();
  }
}

function fmt(s: Summary): string {
  return `p50 ${ms(s.p50)} / p99 ${ms(s.p99)} ms`;
}

function errorCount(r: BackendResult): number {
  return [...r.errors.values()].reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const results: BackendResult[] = [];
  for (const backend of BACKENDS) results.push(await runBackend(backend));
  const machine = await describeMachine(BACKENDS.includes('postgres') ? PG_ADMIN_URL : null);
  const label = (r: BackendResult) =>
    machineLabel(machine, r.backend === 'postgres' ? undefined : 'PGlite 0.4 (embedded)');
  await recordResults(
    results.map((r) => {
      const errors = errorCount(r);
      const met = r.all.p99 < TARGET_P99_MS && errors === 0;
      return {
        benchmark: `${DEVICES} devices push + pull at once, one API (${r.backend === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
        target:
          r.backend === 'postgres'
            ? `p99 < ${TARGET_P99_MS} ms, no errors`
            : 'reported (no target)',
        result:
          `${(r.requests / r.syncWallS).toFixed(0)} req/s; p50 ${ms(r.all.p50)} · p99 ` +
          `${ms(r.all.p99)} ms; errors ${errors}; applied ${r.applied}/${r.expected}` +
          (r.backend === 'postgres' ? `; ${met ? 'met' : 'MISSED'}` : ''),
        machine: label(r),
        date: today(),
      };
    }),
    {
      key: 'devices-load',
      markdown: [
        '## Devices under load (`devices-load.bench.ts`)',
        '',
        `${DEVICES} devices of ${USERS} inspectors (two teams) against one API process ` +
          '(`api/src/main.ts`) over HTTP on loopback (node:http, one keep-alive connection per ' +
          `device); the load generator runs in another process on the same ${machine.cores} ` +
          `cores. Phases, each timed apart: (1) sign-in of every device, ${LOGIN_CONCURRENCY} ` +
          'at a time (argon2id, deliberately slow, not sync traffic); (2) warm-up: each ' +
          `device's first full pull, ${WARMUP_CONCURRENCY} at a time; (3) **measured**: all ` +
          `devices at once, each a closed loop of ${ROUNDS} rounds of push (first: ` +
          `\`inspection.start\` + ${NOTES_PER_PUSH} \`note.add\`, then ${NOTES_PER_PUSH} ` +
          '`note.add`) then pull of what changed, paged by 500. Latency percentiles in ms.',
        '',
        '| backend | sign-ins (wall, rate, p50 / p99) | warm-up pulls (wall, p50 / p99) | measured requests | wall | throughput | push p50 / p99 | pull p50 / p99 | all p50 / p99 | changes pulled | applied | errors |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...results.map(
          (r) =>
            `| ${r.backend} | ${r.loginWallS.toFixed(1)} s, ${r.loginsPerS.toFixed(1)}/s, ${ms(r.login.p50)} / ${ms(r.login.p99)} | ` +
            `${r.warmupWallS.toFixed(1)} s, ${ms(r.initial.p50)} / ${ms(r.initial.p99)} | ` +
            `${r.requests} | ${r.syncWallS.toFixed(1)} s | ${(r.requests / r.syncWallS).toFixed(0)} req/s | ` +
            `${ms(r.push.p50)} / ${ms(r.push.p99)} | ${ms(r.pull.p50)} / ${ms(r.pull.p99)} | ` +
            `${ms(r.all.p50)} / ${ms(r.all.p99)} | ${r.changesPulled} | ${r.applied}/${r.expected} | ` +
            `${errorCount(r)} |`,
        ),
        ...results.flatMap((r) =>
          [...r.errors].map(([what, n]) => `- ${r.backend}: ${n} × \`${what}\``),
        ),
      ].join('\n'),
    },
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
