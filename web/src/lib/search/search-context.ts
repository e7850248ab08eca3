import { localDbFor } from '$lib/db/local-db';
import { watchSearchSources } from './search-source';
import { SearchManager } from './search.svelte';

/** Offline search over the signed-in user's device records; re-reads them after each change. */
export const search = new SearchManager({
  watch: (userId, next, fail) => watchSearchSources(localDbFor(userId), next, fail),
});
