import { recordKey } from '@ducha/shared';
import { liveQuery, type Observable } from 'dexie';
import type { LocalDb } from '$lib/db/local-db';
import type { LocalStore } from '$lib/sync/local-store';
import { neededKeys, offlineReadiness, type OfflineReadiness } from './offline-readiness';

/** Reads, from the signed-in user's device store, whether a plan is ready to use offline. */

export interface OfflineReadinessDeps {
  store: () => LocalStore | null;
}

const NOTHING: OfflineReadiness = { ready: false, missing: ['plan'] };

async function read(db: LocalDb, planId: string): Promise<OfflineReadiness> {
  const planRow = await db.records.get(recordKey('plan', planId));
  const plan = planRow && !planRow.deleted ? planRow : undefined;
  const { template, unit } = neededKeys(plan);
  const keys = [template, unit].filter((k): k is string => k !== null);
  const rows = await db.records.bulkGet(keys);
  const onDevice = new Set(keys.filter((_, i) => rows[i] !== undefined && !rows[i]!.deleted));
  return offlineReadiness(plan, onDevice);
}

export function createOfflineReadinessService(deps: OfflineReadinessDeps) {
  return {
    /** Once, now. Signed out: nothing is on the device. */
    async of(planId: string): Promise<OfflineReadiness> {
      const store = deps.store();
      return store ? read(store.db, planId) : NOTHING;
    },

    /** Live: emits again whenever a pull or a change touches what it read. */
    live(planId: string): Observable<OfflineReadiness> | null {
      const store = deps.store();
      return store ? liveQuery(() => read(store.db, planId)) : null;
    },
  };
}

export type OfflineReadinessService = ReturnType<typeof createOfflineReadinessService>;
