import { liveQuery, type Observable } from 'dexie';
import type { CachedPlan, LocalDb } from '$lib/db/local-db';

/**
 * The device's copy of one plan from `plan.list` (undefined until 我的计划 has been loaded
 * online once): it names the plan's team members, which sync records know only by id.
 */
export function cachedPlanRow(db: LocalDb, planId: string): Observable<CachedPlan | undefined> {
  return liveQuery(() => db.plans.get(planId));
}
