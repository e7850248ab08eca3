import { searchDocuments, type SearchSources } from './search-documents';
import { SearchIndex } from './search-index';
import { groupHits, type SearchGroup } from './search-results';
import type { WordSplitter } from './search-words';

export interface SearchManagerDeps {
  /**
   * Calls `next` with everything searchable on the user's device, then again after each change,
   * until the returned stop is called.
   */
  watch(userId: string, next: (sources: SearchSources) => void, fail: () => void): () => void;
  split?: WordSplitter;
  now?: () => number;
}

/**
 * The search screen's state: the query, the device's records indexed in memory, and the grouped
 * results. The index is built when the screen opens and rebuilt after the records change, so a
 * search works the same with no network.
 */
export class SearchManager {
  #query = $state('');
  #index = $state.raw<SearchIndex | null>(null);
  #failed = $state(false);
  #hits = $derived(this.#index ? this.#index.search(this.#query) : []);
  #groups = $derived(groupHits(this.#hits));
  readonly #deps: SearchManagerDeps;
  #generation = 0;
  #userId: string | null = null;

  constructor(deps: SearchManagerDeps) {
    this.#deps = deps;
  }

  get query(): string {
    return this.#query;
  }

  set query(value: string) {
    this.#query = value;
  }

  /** The query has something to search for. */
  get active(): boolean {
    return this.#query.trim() !== '';
  }

  /** The device's records are indexed. */
  get ready(): boolean {
    return this.#index !== null;
  }

  get failed(): boolean {
    return this.#failed;
  }

  get total(): number {
    return this.#hits.length;
  }

  get groups(): SearchGroup[] {
    return this.#groups;
  }

  /** Indexes `userId`'s records and follows their changes until the returned stop is called. */
  open(userId: string): () => void {
    const generation = ++this.#generation;
    // One user's query is not shown to the next one signing in on this phone.
    if (userId !== this.#userId) this.#query = '';
    this.#userId = userId;
    const current = () => generation === this.#generation;
    const stop = this.#deps.watch(
      userId,
      (sources) => {
        // A newer open (another user, or the screen again) owns the index now.
        if (!current()) return;
        this.#index = new SearchIndex(searchDocuments(sources), {
          split: this.#deps.split,
          now: this.#deps.now,
        });
        this.#failed = false;
      },
      () => {
        if (current()) this.#failed = true;
      },
    );
    return () => {
      stop();
      if (current()) {
        this.#generation++;
        // Another user may sign in on this phone: never keep one user's index around.
        this.#index = null;
      }
    };
  }
}
