import { liveQuery } from 'dexie';
import { ofType, type LocalDb } from '$lib/db/local-db';
import { SEARCHED_TYPES, type SearchSources } from './search-documents';

/** Reads what the search covers from the user's device database (pending changes included). */
export async function readSearchSources(db: LocalDb): Promise<SearchSources> {
  const [records, plans] = await Promise.all([
    ofType(db.records, ...SEARCHED_TYPES).toArray(),
    db.plans.toArray(),
  ]);
  return {
    records: records.map(({ key: _key, ...record }) => record),
    plans: plans.map(({ cachedAt: _cachedAt, ...plan }) => plan),
  };
}

/**
 * Reads the sources now and again after every committed change to them: the user's own, a pull,
 * or another tab's. A Dexie live query, so it does not depend on the sync engine being attached
 * yet when the search screen opens. Returns how to stop.
 */
export function watchSearchSources(
  db: LocalDb,
  next: (sources: SearchSources) => void,
  fail: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(() => readSearchSources(db)).subscribe({ next, error: fail });
  return () => subscription.unsubscribe();
}
