import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simScenario } from '@ducha/shared/testing';
import { setupTestEnv, type TestEnv } from '../test/harness';
import { SIMULATION_ENV, simulationOnDb, type RunOnDb } from './sync-simulation.test-support';

/*
 * The shared fault-injection simulation (shared/src/sync/sync-simulation.ts) against the real
 * services over this project's database: same scenarios, same invariants as the reference model.
 * Runs RUNS scenarios per backend, so the normal test command makes at least 200 runs against
 * the real server on PGlite and 200 on PostgreSQL; SYNC_SIM_RUNS overrides (`pnpm sync:fuzz`
 * runs 10,000), SYNC_SIM_SEED replays one run's seed.
 */

const RUNS = Number(process.env.SYNC_SIM_RUNS) || 200;
// No timed assertion: only a ceiling so that a hung run fails instead of stalling CI.
const TIMEOUT_MS = Math.max(600_000, RUNS * 5_000);
const SEED = process.env.SYNC_SIM_SEED ? Number(process.env.SYNC_SIM_SEED) : undefined;

let env: TestEnv;
let runOnDb: RunOnDb;

beforeAll(async () => {
  env = await setupTestEnv(SIMULATION_ENV);
  runOnDb = await simulationOnDb(env);
});
afterAll(() => env.cleanup());

describe('sync under faults (this server)', () => {
  it(
    `converges over ${RUNS} random scenarios`,
    async () => {
      let applied = 0;
      let rejected = 0;
      let owned = 0;
      let ownMismatches = 0;
      await fc.assert(
        fc.asyncProperty(simScenario, async (steps) => {
          const report = await runOnDb(steps);
          applied += report.stats.applied;
          rejected += report.stats.rejected;
          owned += report.stats.owned;
          ownMismatches += report.stats.ownMismatches;
          if (report.violations.length > 0) {
            throw new Error(report.violations.slice(0, 10).join('\n'));
          }
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      expect(applied).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(0);
      // The server left out the fields of records a device alone wrote, and a device whose copy
      // did not match pulled them again whole.
      expect(owned).toBeGreaterThan(0);
      expect(ownMismatches).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
