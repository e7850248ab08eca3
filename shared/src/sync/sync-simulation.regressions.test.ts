import { describe, expect, it } from 'vitest';
import { runSimulation } from './sync-simulation';
import { SYNC_REGRESSIONS } from './sync-simulation.regressions';

/*
 * The named regressions (sync-simulation.regressions.ts) on the reference model. The API replays
 * the same list against its services on PGlite and PostgreSQL.
 */

describe('sync regressions (reference model)', () => {
  for (const r of SYNC_REGRESSIONS) {
    it(r.name, async () => {
      const report = await runSimulation(r.steps);
      expect(report.violations).toEqual([]);
      expect(report.stats[r.exercises]).toBeGreaterThan(0);
    });
  }
});
