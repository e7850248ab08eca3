import { recordKey } from '@ducha/shared';
import { liveQuery } from 'dexie';
import type { LocalDb } from '$lib/db/local-db';
import type { LocalStore } from '$lib/sync/local-store';
import type { Subscribable } from '$lib/visit/live-subscriptions';
import { watchAppShell, type AppShellWatch } from './app-shell';
import { neededKeys, offlineReadiness, type OfflineReadiness } from './offline-readiness';

/** Reads, from the signed-in user's device store, whether a plan is ready to use offline. */

export interface OfflineReadinessDeps {
  store: () => LocalStore | null;
  /** Whether the app's own files are cached (default: the service worker's state). */
  appShell?: AppShellWatch;
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

/** The records' readiness, with the app's files added once their state is known. */
function withApp(r: OfflineReadiness, appCached: boolean): OfflineReadiness {
  if (appCached) return r;
  const missing = [...r.missing, 'app' as const];
  return { ready: false, missing };
}

export function createOfflineReadinessService(deps: OfflineReadinessDeps) {
  const appShell = deps.appShell ?? watchAppShell;
  return {
    /** Once, now. Signed out: nothing is on the device. */
    async of(planId: string): Promise<OfflineReadiness> {
      const store = deps.store();
      if (!store) return NOTHING;
      const records = await read(store.db, planId);
      const appCached = await new Promise<boolean>((resolve) => {
        const stop = appShell((cached) => {
          resolve(cached);
          queueMicrotask(() => stop());
        });
      });
      return withApp(records, appCached);
    },

    /** Live: emits again whenever a pull or a change touches what it read, or the app is cached. */
    live(planId: string): Subscribable<OfflineReadiness> | null {
      const store = deps.store();
      if (!store) return null;
      return {
        subscribe(observer) {
          let records: OfflineReadiness | null = null;
          let appCached: boolean | null = null;
          const emit = () => {
            if (records !== null && appCached !== null) observer.next(withApp(records, appCached));
          };
          const sub = liveQuery(() => read(store.db, planId)).subscribe({
            next: (r) => {
              records = r;
              emit();
            },
            error: observer.error,
          });
          const stop = appShell((cached) => {
            appCached = cached;
            emit();
          });
          return {
            unsubscribe() {
              sub.unsubscribe();
              stop();
            },
          };
        },
      };
    },
  };
}

export type OfflineReadinessService = ReturnType<typeof createOfflineReadinessService>;
