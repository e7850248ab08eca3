import { sql } from 'kysely';
import {
  PullRequest,
  SIM_TEAMS,
  SIM_TEMPLATE,
  SIM_UNIT,
  runSimulation,
  simulationWorld,
  type ModelWorld,
  type MutationResult,
  type SimStep,
  type SimulationReport,
  type SimulationServer,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { jsonb } from '../db/json';
import type { TestEnv } from '../test/harness';
import { awaitPullHorizon } from '../test/pull-horizon';
import { pullChanges } from './sync-pull.service';
import { pushMutations } from './sync-push.service';
import { allRecords, writeRecord } from './sync-record.store';
import { syncDb } from './sync.schema';

/*
 * The shared fault-injection simulation (shared/src/sync/sync-simulation.ts) against the real
 * services over a test database: the random property (sync-simulation.test.ts) and the named
 * regressions (sync-simulation.regressions.test.ts) run their scenarios through this adapter.
 */

const CREATOR = '0000000e-0000-4000-8000-000000000001';

export type RunOnDb = (steps: readonly SimStep[]) => Promise<SimulationReport>;

/**
 * Inserts what every run's world shares (the unit, the template, the fixed cast of users and
 * teams) once, and returns a runner that resets the rest before each scenario.
 */
export async function simulationOnDb(env: TestEnv): Promise<RunOnDb> {
  const db = env.db;
  await db
    .insertInto('units')
    .values({ id: SIM_UNIT, parent_id: null, name: '模拟单位', kind: 'province', code: 'SIM' })
    .execute();
  await sql`insert into templates (id, version, title, body) values
    (${SIM_TEMPLATE}, 1, '模拟清单', ${jsonb({ sections: [] })})`.execute(db);
  // Every run's world has the same cast.
  const { users } = simulationWorld();
  await db
    .insertInto('users')
    .values(
      [CREATOR, ...users.map((u) => u.id)].map((id, i) => ({
        id,
        username: `sim${i}`,
        display_name: `模拟用户${i}`,
        // Never used to sign in: these users only exist for the simulation.
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2ltdWxhdGlvbg$c2ltdWxhdGlvbnNpbXVsYXRpb24',
        role: 'inspector' as const,
      })),
    )
    .execute();
  await db
    .insertInto('teams')
    .values(SIM_TEAMS.map((id, i) => ({ id, name: `模拟组${i}` })))
    .execute();
  return (steps) => runOnDb(env, steps);
}

/**
 * Resets the database to the simulation's world; returns the adapter. DELETE, not TRUNCATE: the
 * tables hold a few dozen rows, and TRUNCATE's file swap costs more than deleting them (this
 * reset ran once per scenario and was a fifth of the run time). Deleting plans cascades to their
 * records and revocations; team_members go after them so their trigger finds no plan to revoke.
 */
async function dbServer(env: TestEnv, world: ModelWorld): Promise<SimulationServer> {
  const db = env.db;
  const sdb = syncDb(db);
  await sdb.deleteFrom('sync_devices').execute(); // cascades to sync_mutation_results
  await db.deleteFrom('plans').execute(); // cascades to sync_records, sync_revocations
  await sdb.deleteFrom('sync_records').execute(); // reference data without a plan
  await db.deleteFrom('team_members').execute();
  await db
    .insertInto('team_members')
    .values(world.users.flatMap((u) => u.teamIds.map((t) => ({ team_id: t, user_id: u.id }))))
    .execute();
  await db
    .insertInto('plans')
    .values(
      world.plans.map((p) => ({
        id: p.id,
        title: String(p.fields.title),
        kind: 'special' as const,
        status: 'in_progress' as const,
        confidential: false,
        target_unit_id: SIM_UNIT,
        team_id: p.teamId,
        window_start: '2026-03-01',
        window_end: '2026-03-31',
        template_id: SIM_TEMPLATE,
        template_version: 1,
        created_by: CREATOR,
      })),
    )
    .execute();
  for (const r of world.records) await writeRecord(sdb, r);

  // Memberships never change during a run (reassignment moves plans), so a user is known upfront.
  const users = new Map(
    world.users.map((u): [string, SessionUser] => [
      u.id,
      {
        id: u.id,
        username: u.id,
        displayName: u.id,
        role: 'inspector',
        locale: 'zh-CN',
        unitId: null,
        scopeUnitId: null,
        teamIds: [...u.teamIds],
      },
    ]),
  );
  const userOf = (id: string): SessionUser => {
    const user = users.get(id);
    if (!user) throw new Error(`unknown simulation user ${id}`);
    return user;
  };
  const resultRow = (deviceId: string, mutationId: number) =>
    sdb
      .selectFrom('sync_mutation_results')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('mutation_id', '=', mutationId)
      .executeTakeFirst();
  return {
    push: async (userId, req) => pushMutations(env.deps, userOf(userId), req),
    pull: async (userId, req) => {
      await awaitPullHorizon(db, env.backend);
      return pullChanges(env.deps, userOf(userId), PullRequest.parse(req));
    },
    setPlanTeam: async (planId, teamId) => {
      await db.updateTable('plans').set({ team_id: teamId }).where('id', '=', planId).execute();
    },
    allRecords: () => allRecords(sdb),
    visibleRecords: async (userId) => {
      const user = userOf(userId);
      const plans = await db
        .selectFrom('plans')
        .select('id')
        .where(
          'team_id',
          'in',
          user.teamIds.length ? user.teamIds : ['00000000-0000-0000-0000-000000000000'],
        )
        .execute();
      const visible = new Set(plans.map((p) => p.id));
      return (await allRecords(sdb)).filter(
        (r) => !r.deleted && (r.planId === null || visible.has(r.planId)),
      );
    },
    lastMutationId: async (deviceId) =>
      (
        await sdb
          .selectFrom('sync_devices')
          .select('last_mutation_id')
          .where('device_id', '=', deviceId)
          .executeTakeFirst()
      )?.last_mutation_id ?? 0,
    result: async (deviceId, mutationId): Promise<MutationResult | undefined> => {
      const row = await resultRow(deviceId, mutationId);
      if (!row) return undefined;
      return row.status === 'rejected'
        ? ({ id: mutationId, status: 'rejected', reason: row.reason } as MutationResult)
        : { id: mutationId, status: 'applied' };
    },
    // The primary key (device_id, mutation_id) allows at most one processing.
    processedCount: async (deviceId, mutationId) =>
      (await resultRow(deviceId, mutationId)) ? 1 : 0,
  };
}

function runOnDb(env: TestEnv, steps: readonly SimStep[]): Promise<SimulationReport> {
  // runSimulation builds the server synchronously; the database is reset before its first call.
  const lazy = (world: ModelWorld): SimulationServer => {
    const ready = dbServer(env, world);
    const call =
      <K extends keyof SimulationServer>(k: K) =>
      async (...args: unknown[]) =>
        ((await ready)[k] as (...a: unknown[]) => unknown)(...args);
    return {
      push: call('push'),
      pull: call('pull'),
      setPlanTeam: call('setPlanTeam'),
      allRecords: call('allRecords'),
      visibleRecords: call('visibleRecords'),
      lastMutationId: call('lastMutationId'),
      result: call('result'),
      processedCount: call('processedCount'),
    } as SimulationServer;
  };
  return runSimulation(steps, lazy);
}
