import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_REGRESSIONS } from '@ducha/shared/testing';
import { setupTestEnv, type TestEnv } from '../test/harness';
import { SIMULATION_ENV, simulationOnDb, type RunOnDb } from './sync-simulation.test-support';

/*
 * The scenarios the property once failed on (shared/src/sync/sync-simulation.regressions.ts),
 * each replayed step by step against the real services, on PGlite and on PostgreSQL.
 */

let env: TestEnv;
let runOnDb: RunOnDb;

beforeAll(async () => {
  env = await setupTestEnv(SIMULATION_ENV);
  runOnDb = await simulationOnDb(env);
});
afterAll(() => env.cleanup());

describe('sync regressions (this server)', () => {
  for (const r of SYNC_REGRESSIONS) {
    it(r.name, async () => {
      const report = await runOnDb(r.steps);
      expect(report.violations).toEqual([]);
      expect(report.stats[r.exercises]).toBeGreaterThan(0);
    });
  }
});
