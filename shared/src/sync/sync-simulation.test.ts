import { describe, expect, it } from 'vitest';
import { checkSync, replaySeed } from './sync-simulation.test-support';
import type { SimulationStats } from './sync-simulation-invariants';

/*
 * The property (see sync-simulation.ts for the invariants). Runs 200 random scenarios by default;
 * `SYNC_SIM_RUNS=10000 SYNC_SIM_SEED=<n>` runs more, or replays one run's seed.
 */

function emptyStats(): SimulationStats {
  return {
    mutations: 0,
    applied: 0,
    rejected: 0,
    duplicates: 0,
    gaps: 0,
    revocations: 0,
    owned: 0,
    ownMismatches: 0,
    conflicts: { concurrent_edit: 0, edit_after_delete: 0, deleted_while_edited: 0 },
  };
}

// `pnpm sync:fuzz` runs 10,000 scenarios here; the budget grows with the count it asks for.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const SIM_TIMEOUT_MS = Math.max(120_000, (Number(env?.SYNC_SIM_RUNS) || 0) * 50);

describe('sync under faults (reference model)', () => {
  it(
    'converges, processes every mutation exactly once and loses nothing typed',
    async () => {
      const total = emptyStats();
      await checkSync({ numRuns: 200 }, ({ stats }) => {
        for (const k of [
          'mutations',
          'applied',
          'rejected',
          'duplicates',
          'gaps',
          'revocations',
          'owned',
          'ownMismatches',
        ] as const) {
          total[k] += stats[k];
        }
        for (const k of Object.keys(total.conflicts) as (keyof SimulationStats['conflicts'])[]) {
          total.conflicts[k] += stats.conflicts[k];
        }
      });
      // A property that never met a fault would prove nothing: every kind must have happened.
      expect(total.applied).toBeGreaterThan(1000);
      expect(total.rejected).toBeGreaterThan(0);
      expect(total.duplicates).toBeGreaterThan(0);
      expect(total.gaps).toBeGreaterThan(0);
      expect(total.revocations).toBeGreaterThan(0);
      // Own records were elided, and some did not match and were pulled again whole.
      expect(total.owned).toBeGreaterThan(0);
      expect(total.ownMismatches).toBeGreaterThan(0);
      expect(total.conflicts.concurrent_edit).toBeGreaterThan(0);
      expect(total.conflicts.edit_after_delete).toBeGreaterThan(0);
      expect(total.conflicts.deleted_while_edited).toBeGreaterThan(0);
    },
    SIM_TIMEOUT_MS,
  );

  it('replays a run by its seed', async () => {
    await replaySeed(20260301);
  });
});
