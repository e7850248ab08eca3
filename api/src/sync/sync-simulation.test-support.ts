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
  type SyncRecord,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { jsonb } from '../db/json';
import type { TestEnv } from '../test/harness';
import { awaitPullHorizon } from '../test/pull-horizon';
import { pullChanges } from './sync-pull.service';
import { pushMutations } from './sync-push.service';
import { allRecords, writeRecords } from './sync-record.store';
import { syncDb } from './sync.schema';

/*
 * The shared fault-injection simulation (shared/src/sync/sync-simulation.ts) against the real
 * services over a test database: the random property (sync-simulation.test.ts) and the named
 * regressions (sync-simulation.regressions.test.ts) run their scenarios through this adapter.
 */

const CREATOR = '0000000e-0000-4000-8000-000000000001';

/**
 * The scenarios' server: no demo seed; the network here delivers one request at a time, so a push
 * that overtook its predecessor could only wait out `pushGapWaitMs` (the predecessor is still in
 * the network's hands): a short wait keeps that path (wait, look again, refuse) in every run
 * without slowing them.
 */
export const SIMULATION_ENV = { seed: false, config: { pushGapWaitMs: 5 } } as const;

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
  await writeRecords(sdb, world.records);

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

  /*
   * The invariants ask for every mutation's result and for each device's visible records once
   * the run is over: read each table once and answer from memory until the next push or plan
   * reassignment (the only calls that write). Two hundred runs made ten thousand single-row
   * queries otherwise.
   */
  let results: Promise<Map<string, { status: string; reason: string | null }>> | null = null;
  let state: Promise<{ records: SyncRecord[]; planTeams: Map<string, string> }> | null = null;
  const changed = () => {
    results = null;
    state = null;
  };
  const resultRow = async (deviceId: string, mutationId: number) => {
    results ??= sdb
      .selectFrom('sync_mutation_results')
      .select(['device_id', 'mutation_id', 'status', 'reason'])
      .execute()
      .then((rows) => new Map(rows.map((r) => [`${r.device_id}:${r.mutation_id}`, r])));
    return (await results).get(`${deviceId}:${mutationId}`);
  };
  const current = () =>
    (state ??= Promise.all([
      allRecords(sdb),
      db.selectFrom('plans').select(['id', 'team_id']).execute(),
    ]).then(([records, plans]) => ({
      records,
      planTeams: new Map(plans.map((p) => [p.id, p.team_id])),
    })));
  return {
    push: async (userId, req) => {
      changed();
      try {
        return await pushMutations(env.deps, userOf(userId), req);
      } finally {
        changed();
      }
    },
    pull: async (userId, req) => {
      await awaitPullHorizon(db, env.backend);
      return pullChanges(env.deps, userOf(userId), PullRequest.parse(req));
    },
    setPlanTeam: async (planId, teamId) => {
      changed();
      await db.updateTable('plans').set({ team_id: teamId }).where('id', '=', planId).execute();
    },
    allRecords: async () => (await current()).records,
    visibleRecords: async (userId) => {
      const { teamIds } = userOf(userId);
      const { records, planTeams } = await current();
      return records.filter(
        (r) => !r.deleted && (r.planId === null || teamIds.includes(planTeams.get(r.planId) ?? '')),
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
