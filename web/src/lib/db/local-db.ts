import type { PlanListItem } from '@ducha/shared';
import { Dexie, type EntityTable } from 'dexie';

export interface CachedPlan extends PlanListItem {
  /** When this copy came from the server (ISO instant). */
  cachedAt: string;
}

/**
 * The device-side store of one user. One database per user (`ducha-<userId>`) so a shared
 * phone never mixes two inspectors' data. For now it only caches `plan.list` for offline
 * reloads; the sync engine (a later issue) adds its own tables in new versions.
 */
export class LocalDb extends Dexie {
  plans!: EntityTable<CachedPlan, 'id'>;

  constructor(userId: string) {
    super(`ducha-${userId}`);
    this.version(1).stores({ plans: 'id, status, windowStart' });
  }
}

const open = new Map<string, LocalDb>();

export function localDbFor(userId: string): LocalDb {
  let db = open.get(userId);
  if (!db) {
    db = new LocalDb(userId);
    open.set(userId, db);
  }
  return db;
}

export interface PlanCache {
  read(): Promise<{ plans: PlanListItem[]; cachedAt: string | null }>;
  replace(plans: readonly PlanListItem[], cachedAt: string): Promise<void>;
  clear(): Promise<void>;
}

export function planCacheFor(db: LocalDb): PlanCache {
  return {
    async read() {
      const rows = await db.plans.toArray();
      const plans = rows.map(({ cachedAt: _cachedAt, ...plan }) => plan);
      const cachedAt = rows.reduce<string | null>(
        (latest, row) => (latest === null || row.cachedAt > latest ? row.cachedAt : latest),
        null,
      );
      return { plans, cachedAt };
    },
    // The server's list is the whole truth for this user: plans that vanished (reassigned,
    // no longer visible) must vanish from the device too.
    async replace(plans, cachedAt) {
      await db.transaction('rw', db.plans, async () => {
        await db.plans.clear();
        await db.plans.bulkPut(plans.map((plan) => ({ ...plan, cachedAt })));
      });
    },
    async clear() {
      await db.plans.clear();
    },
  };
}
