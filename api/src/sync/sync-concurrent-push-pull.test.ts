import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SYNC_SCHEMA_VERSION,
  jsonEqual,
  recordKey,
  type Change,
  type JsonValue,
  type Mutation,
  type SyncEntityType,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { AppDeps } from '../deps';
import { openPostgres, type Database, type OpenedDatabase } from '../db/database';
import { jsonb } from '../db/json';
import { setupTestEnv, type TestEnv } from '../test/harness';
import { awaitPullHorizon } from '../test/pull-horizon';
import { pullChanges } from './sync-pull.service';
import { pushMutations } from './sync-push.service';
import { syncDb, type SyncDatabase } from './sync.schema';

/*
 * The cursor rule (sync-pull.service.ts) under real concurrency, through the real push path:
 * twelve devices of six users push ninety mutations each in pushes of fifteen, while four
 * devices pull again and again with their cursors. A test trigger on the push's last statement
 * makes every push wait a little before it commits (so commits land out of xid order), and
 * holds the FIRST push of four devices open at an advisory lock the test releases only after
 * the other devices committed many later transactions: those four have the lowest xids (and
 * versions) and commit last. After quiescence every puller must hold exactly what the server
 * holds, and no change may have reached a puller twice.
 *
 * It can fail: a naive cursor ("the largest version seen", a sequence taken when the row is
 * written) pulls alongside and demonstrably skips the held pushes' records. Real PostgreSQL
 * only: PGlite runs one transaction at a time and cannot commit out of order.
 */

const USERS = 6;
const DEVICES_PER_USER = 2;
const PUSHES = 6;
const BATCH = 15;
/** Devices whose first push is held open (by index). */
const HELD = [0, 3, 6, 9];
const ITEMS = Array.from({ length: 8 }, () => randomUUID());
const T = '2026-03-02T01:00:00.000Z';
const UNIT = randomUUID();
const TEMPLATE = randomUUID();
const PLANS = [randomUUID(), randomUUID()];
const TEAMS = [randomUUID(), randomUUID()];
/** Both plans' shared visit, which many devices answer at once. */
const SHARED_VISITS = [randomUUID(), randomUUID()];

let env: TestEnv;
let pool: OpenedDatabase | undefined;

beforeAll(async () => {
  env = await setupTestEnv({ seed: false });
  if (env.backend === 'postgres') {
    pool = openPostgres({ connectionString: inject('pgTestUrl'), searchPath: env.schema, max: 30 });
  }
});
afterAll(async () => {
  await pool?.close();
  await env.cleanup();
});

function sessionUser(id: string, teamIds: string[]): SessionUser {
  return {
    id,
    username: id,
    displayName: id,
    role: 'inspector',
    locale: 'zh-CN',
    unitId: null,
    scopeUnitId: null,
    teamIds,
  };
}

/** Users 0–2 in team A (plan A), 3–5 in team B; pullers: one per team and one in both. */
async function insertWorld() {
  const db = env.db;
  const pushers = Array.from({ length: USERS }, (_, i) =>
    sessionUser(randomUUID(), [TEAMS[i < USERS / 2 ? 0 : 1]!]),
  );
  const pullers = [
    sessionUser(randomUUID(), [TEAMS[0]!]),
    sessionUser(randomUUID(), [TEAMS[1]!]),
    sessionUser(randomUUID(), [...TEAMS]),
  ];
  await db
    .insertInto('units')
    .values({ id: UNIT, parent_id: null, name: '并发单位', kind: 'province', code: 'CONC' })
    .execute();
  await sql`insert into templates (id, version, title, body) values
    (${TEMPLATE}, 1, '并发清单', ${jsonb({ sections: [] })})`.execute(db);
  await db
    .insertInto('users')
    .values(
      [...pushers, ...pullers].map((u, i) => ({
        id: u.id,
        username: `conc${i}`,
        display_name: `并发用户${i}`,
        // Never used to sign in.
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2ltdWxhdGlvbg$c2ltdWxhdGlvbnNpbXVsYXRpb24',
        role: 'inspector' as const,
      })),
    )
    .execute();
  await db
    .insertInto('teams')
    .values(TEAMS.map((id, i) => ({ id, name: `并发组${i}` })))
    .execute();
  await db
    .insertInto('team_members')
    .values(
      [...pushers, ...pullers].flatMap((u) =>
        u.teamIds.map((t) => ({ team_id: t, user_id: u.id })),
      ),
    )
    .execute();
  await db
    .insertInto('plans')
    .values(
      PLANS.map((id, i) => ({
        id,
        title: `并发检查${i}`,
        kind: 'special' as const,
        status: 'in_progress' as const,
        confidential: false,
        target_unit_id: UNIT,
        team_id: TEAMS[i]!,
        window_start: '2026-03-01',
        window_end: '2026-03-31',
        template_id: TEMPLATE,
        template_version: 1,
        created_by: pushers[0]!.id,
      })),
    )
    .execute();
  return { pushers, pullers };
}

function mutation(id: number, name: string, args: unknown): Mutation {
  return { id, name, args, schemaVersion: SYNC_SCHEMA_VERSION, clientTime: T };
}

interface Pusher {
  index: number;
  id: string;
  user: SessionUser;
  plan: number;
  held: boolean;
  visit: string;
  next: number;
  notes: string[];
  /** The notes of a held device's held push (its first in the race). */
  heldNotes: string[];
}

/** Each device's own visit, started before the race (starting one locks the plan record). */
function startOf(p: Pusher): Mutation[] {
  return [
    mutation(p.next++, 'inspection.start', {
      id: p.visit,
      planId: PLANS[p.plan],
      templateId: TEMPLATE,
      templateVersion: 1,
      startedAt: T,
    }),
  ];
}

/**
 * A push's mutations. Every device adds notes to its own visit; the devices not held also
 * answer the items of their plan's shared visit (so pushes lock the same rows, retry and record
 * conflicts) and delete one of their earlier notes (so tombstones travel too). Held devices
 * touch only their own visit: nobody waits for them while they are held.
 */
function pushOf(p: Pusher, round: number): Mutation[] {
  const out: Mutation[] = [];
  const add = (name: string, args: unknown) => out.push(mutation(p.next++, name, args));
  if (!p.held && round > 0) add('note.delete', { id: p.notes.shift(), baseVersion: null });
  while (out.length < BATCH) {
    if (!p.held && out.length % 3 === 0) {
      add('inspection.answer', {
        inspectionId: SHARED_VISITS[p.plan],
        itemId: ITEMS[randomInt(ITEMS.length)],
        set: { remark: `设备${p.index}第${p.next}条` },
        base: { remark: null },
      });
    } else {
      const id = randomUUID();
      p.notes.push(id);
      if (p.held && round === 0) p.heldNotes.push(recordKey('note', id));
      add('note.add', {
        id,
        inspectionId: p.visit,
        itemId: null,
        text: `设备${p.index}的记录${p.next}`,
        createdAt: T,
      });
    }
  }
  return out;
}

interface Puller {
  id: string;
  user: SessionUser;
  plans: string[];
  cursor: string | null;
  state: Map<string, { version: number; planId: string | null; fields: JsonValue }>;
  delivered: Set<string>;
  twice: string[];
  /** Complete pulls made while the pushes ran. */
  rounds: number;
}

function apply(p: Puller, c: Change) {
  const key = recordKey(c.type as SyncEntityType, c.id);
  if (c.op === 'revoked' || c.op === 'own') throw new Error(`unexpected ${c.op} change`);
  const delivery = `${key}@${c.version}`;
  if (p.delivered.has(delivery)) p.twice.push(delivery);
  p.delivered.add(delivery);
  if (c.op === 'delete') p.state.delete(key);
  else p.state.set(key, { version: c.version, planId: c.planId, fields: c.fields as JsonValue });
}

async function pullToEnd(deps: AppDeps, p: Puller): Promise<void> {
  for (;;) {
    const out = await pullChanges(deps, p.user, {
      deviceId: p.id,
      cursor: p.cursor,
      limit: 25,
      schemaVersion: SYNC_SCHEMA_VERSION,
      elideOwn: false,
    });
    if (!out.ok) throw new Error(out.failure.messageKey);
    for (const c of out.value.changes) apply(p, c);
    p.cursor = out.value.cursor;
    if (!out.value.hasMore) return;
  }
}

interface ServerRecord {
  key: string;
  planId: string | null;
  version: number;
  live: boolean;
  fields: JsonValue;
}

/** What the puller holds that differs from the server's live records of its plans. */
function differences(p: Puller, server: readonly ServerRecord[]): string[] {
  const expected = server.filter(
    (r) => r.live && (r.planId === null || p.plans.includes(r.planId)),
  );
  const problems: string[] = [];
  for (const r of expected) {
    const mine = p.state.get(r.key);
    if (!mine) problems.push(`missing ${r.key}`);
    else if (
      mine.version !== r.version ||
      mine.planId !== r.planId ||
      !jsonEqual(mine.fields, r.fields)
    ) {
      problems.push(`${r.key}: v${mine.version}, server v${r.version}`);
    }
  }
  const keys = new Set(expected.map((r) => r.key));
  for (const key of p.state.keys()) if (!keys.has(key)) problems.push(`extra ${key}`);
  return problems;
}

/**
 * Holds chosen devices' pushes open before they commit. A test trigger on the push's last
 * statement (the device's new number) takes a shared advisory lock keyed by the device, which
 * this session holds exclusively until `release`; every push also sleeps up to 10 ms there, so
 * commits land out of xid order even between the pushes not held.
 */
class PushGate {
  readonly #salt = randomInt(1, 2 ** 31 - 1);
  readonly #session = new pg.Client({ connectionString: inject('pgTestUrl') });

  async install(db: Database) {
    await sql
      .raw(
        `create function test_hold_push() returns trigger language plpgsql as $$
        begin
          perform pg_advisory_xact_lock_shared(${this.#salt}, hashtext(new.device_id::text));
          perform pg_sleep(random() * 0.01);
          return new;
        end $$`,
      )
      .execute(db);
    await sql`create trigger test_hold_push before update of last_mutation_id on sync_devices
      for each row execute function test_hold_push()`.execute(db);
    await this.#session.connect();
  }

  async hold(deviceId: string) {
    await this.#session.query('select pg_advisory_lock($1::int, hashtext($2))', [
      this.#salt,
      deviceId,
    ]);
  }

  async release(deviceId: string) {
    await this.#session.query('select pg_advisory_unlock($1::int, hashtext($2))', [
      this.#salt,
      deviceId,
    ]);
  }

  /** Pushes waiting at the gate right now. */
  async waiting(): Promise<number> {
    const { rows } = await this.#session.query<{ n: number }>(
      `select count(*)::int as n from pg_locks
       where locktype = 'advisory' and not granted and classid = $1::bigint::oid
         and database = (select oid from pg_database where datname = current_database())`,
      [this.#salt],
    );
    return rows[0]!.n;
  }

  /** Ends the session, which also lets through any push still held. */
  end() {
    return this.#session.end();
  }
}

/**
 * The cursor the xid rule replaces: the largest version seen, rows read as soon as they are
 * committed. Versions come from a sequence when a push starts, so a push held open has small
 * ones, and this cursor has moved past them by the time they commit.
 */
class NaiveCursor {
  readonly seen = new Map<string, number>();
  polls = 0;
  #max = 0;

  constructor(private readonly db: SyncDatabase) {}

  async poll() {
    for (;;) {
      const rows = await this.db
        .selectFrom('sync_records')
        .select(['type', 'id', 'version'])
        .where('version', '>', this.#max)
        .orderBy('version')
        .limit(500)
        .execute();
      for (const r of rows) {
        this.seen.set(recordKey(r.type as SyncEntityType, r.id), Number(r.version));
        this.#max = Math.max(this.#max, Number(r.version));
      }
      if (rows.length < 500) break;
    }
    this.polls++;
  }
}

describe('pull cursor under concurrent pushes', () => {
  it('many pushers, some held open, pullers throughout: no change skipped or doubled', async (t) => {
    if (!pool) return t.skip();
    const deps: AppDeps = { ...env.deps, db: pool.db };
    const sdb = syncDb(pool.db);
    const { pushers: users, pullers: pullerUsers } = await insertWorld();

    // The shared visits, and each device's own, made before the race.
    for (const [i, visit] of SHARED_VISITS.entries()) {
      const out = await pushMutations(deps, users[i * (USERS / 2)]!, {
        deviceId: randomUUID(),
        mutations: [
          mutation(1, 'inspection.start', {
            id: visit,
            planId: PLANS[i],
            templateId: TEMPLATE,
            templateVersion: 1,
            startedAt: T,
          }),
        ],
      });
      expect(out.ok).toBe(true);
    }
    const pushers: Pusher[] = Array.from({ length: USERS * DEVICES_PER_USER }, (_, index) => {
      const user = users[Math.floor(index / DEVICES_PER_USER)]!;
      return {
        index,
        id: randomUUID(),
        user,
        plan: user.teamIds[0] === TEAMS[0] ? 0 : 1,
        held: HELD.includes(index),
        visit: randomUUID(),
        next: 1,
        notes: [],
        heldNotes: [],
      };
    });
    for (const p of pushers) {
      const out = await pushMutations(deps, p.user, { deviceId: p.id, mutations: startOf(p) });
      expect(out.ok).toBe(true);
    }
    const heldPushers = pushers.filter((p) => p.held);
    const freePushers = pushers.filter((p) => !p.held);

    const gate = new PushGate();
    await gate.install(env.db);
    try {
      for (const p of heldPushers) await gate.hold(p.id);

      /** Pushes in the order they returned (committed), with their first mutation id. */
      const committed: { device: string; first: number }[] = [];
      let freePushes = 0;
      let failure: unknown = null;
      /** Waits for a condition; a pusher's failure ends the wait instead of hanging it. */
      const until = async (done: () => boolean | Promise<boolean>) => {
        while (!(await done())) {
          if (failure) throw failure;
          await sleep(2);
        }
      };
      const runPusher = async (p: Pusher) => {
        try {
          for (let round = 0; round < PUSHES; round++) {
            const mutations = pushOf(p, round);
            const out = await pushMutations(deps, p.user, { deviceId: p.id, mutations });
            if (!out.ok) throw new Error(out.failure.messageKey);
            const refused = out.value.results.filter((r) => r.status !== 'applied');
            if (refused.length > 0) throw new Error(`not applied: ${JSON.stringify(refused)}`);
            committed.push({ device: p.id, first: mutations[0]!.id });
            if (!p.held) freePushes++;
          }
        } catch (e) {
          failure ??= e;
          throw e;
        }
      };

      // The held devices start first, so they hold the lowest xids and versions, and stop at
      // the gate with everything written.
      const held = heldPushers.map(runPusher);
      await until(async () => (await gate.waiting()) === HELD.length);

      let pushing = true;
      const pullers: Puller[] = [0, 1, 2, 2].map((u) => {
        const user = pullerUsers[u]!;
        return {
          id: randomUUID(),
          user,
          plans: PLANS.filter((_, i) => user.teamIds.includes(TEAMS[i]!)),
          cursor: null,
          state: new Map(),
          delivered: new Set(),
          twice: [],
          rounds: 0,
        };
      });
      const pulling = pullers.map(async (p) => {
        while (pushing) {
          await pullToEnd(deps, p);
          p.rounds++;
          await sleep(2);
        }
      });
      const naive = new NaiveCursor(sdb);
      const naivePulling = (async () => {
        while (pushing) {
          await naive.poll();
          await sleep(2);
        }
      })();

      const free = freePushers.map(runPusher);
      // Open the gates one by one, each after the free devices committed more pushes (with
      // higher xids and versions) and the naive cursor has read them.
      const freeTotal = freePushers.length * PUSHES;
      for (const [k, p] of heldPushers.entries()) {
        const target = Math.ceil(((k + 1) * freeTotal) / (HELD.length + 1));
        await until(() => freePushes >= target);
        const polls = naive.polls;
        await until(() => naive.polls >= polls + 2);
        await gate.release(p.id);
      }
      await Promise.all([...held, ...free]);
      pushing = false;
      await Promise.all([...pulling, naivePulling]);

      // Quiescence: every write has ended; each puller pulls once more from its cursor.
      await awaitPullHorizon(pool.db, 'postgres');
      for (const p of pullers) await pullToEnd(deps, p);
      await naive.poll();

      // The race happened: pushes committed out of xid order while the pullers pulled.
      const xids = await sdb
        .selectFrom('sync_mutation_results')
        .select(['device_id', 'mutation_id', sql<string>`xid::text`.as('xid')])
        .execute();
      const xidOf = new Map(xids.map((r) => [`${r.device_id}:${r.mutation_id}`, BigInt(r.xid)]));
      const order = committed.map((c) => xidOf.get(`${c.device}:${c.first}`)!);
      let inversions = 0;
      for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) inversions++;
      expect(committed).toHaveLength(pushers.length * PUSHES);
      expect(inversions).toBeGreaterThanOrEqual(HELD.length);
      for (const p of pullers) expect(p.rounds).toBeGreaterThan(2);

      const server: ServerRecord[] = (
        await sdb
          .selectFrom('sync_records')
          .select(['type', 'id', 'plan_id', 'version', 'deleted', 'fields'])
          .execute()
      ).map((r) => ({
        key: recordKey(r.type as SyncEntityType, r.id),
        planId: r.plan_id,
        version: Number(r.version),
        live: r.deleted === null,
        fields: r.fields as JsonValue,
      }));
      const notes = server.filter((r) => r.key.startsWith('note/'));
      expect(notes.filter((r) => r.live).length).toBeGreaterThan(500);
      expect(notes.filter((r) => !r.live).length).toBeGreaterThan(0);
      expect(server.filter((r) => r.key.startsWith('conflict/')).length).toBeGreaterThan(0);

      // Every puller holds exactly the server's live records of its plans (and the reference
      // data), each at the server's version, and received no change twice.
      for (const p of pullers) {
        expect(differences(p, server)).toEqual([]);
        expect(p.twice).toEqual([]);
      }

      // The naive cursor passed the held pushes' versions before they committed, and never saw
      // their records: the gap the xid rule closes.
      const skipped = new Set(
        server.filter((r) => naive.seen.get(r.key) !== r.version).map((r) => r.key),
      );
      const heldNotes = heldPushers.flatMap((p) => p.heldNotes);
      expect(heldNotes).toHaveLength(HELD.length * BATCH);
      expect(heldNotes.filter((key) => !skipped.has(key))).toEqual([]);
    } finally {
      await gate.end();
    }
  }, 120_000);
});
