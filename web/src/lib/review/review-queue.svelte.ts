import type { Locale, ReviewQueueFilter, ReviewQueueRow, ReviewQueueStatus } from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { ReviewService } from '$lib/services/review.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface ReviewQueueDeps {
  review: ReviewService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

export type ReviewQueueFilters = Omit<ReviewQueueFilter, 'page' | 'pageSize' | 'status'>;

export const REVIEW_PAGE_SIZE = 20;

/**
 * 审核队列: the visits waiting for the caller's review (or returned / approved lately), a page at
 * a time with filters. `refresh` re-reads the page in place, without the busy flicker, when the
 * server hints that something in the caller's scope changed.
 */
export class ReviewQueueManager {
  #rows = $state<ReviewQueueRow[]>([]);
  #total = $state(0);
  #page = $state(1);
  #status = $state<ReviewQueueStatus>('submitted');
  #filter = $state<ReviewQueueFilters>({});
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  #generation = 0;
  readonly #deps: ReviewQueueDeps;

  constructor(deps: ReviewQueueDeps) {
    this.#deps = deps;
  }

  get rows(): readonly ReviewQueueRow[] {
    return this.#rows;
  }
  get total(): number {
    return this.#total;
  }
  get page(): number {
    return this.#page;
  }
  get pageCount(): number {
    return Math.max(1, Math.ceil(this.#total / REVIEW_PAGE_SIZE));
  }
  get status(): ReviewQueueStatus {
    return this.#status;
  }
  get filter(): ReviewQueueFilters {
    return this.#filter;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get busy(): boolean {
    return this.#remote.busy;
  }
  get error(): UserError | null {
    return this.#remote.error;
  }

  load(): Promise<UserError | null> {
    return this.#run(() => this.#fetch());
  }

  /** Re-reads the current page quietly (a live hint): errors stay for the next explicit load. */
  async refresh(): Promise<void> {
    try {
      await this.#fetch();
    } catch {
      // A hint is best effort; the reconnecting stream will hint again.
    }
  }

  setStatus(status: ReviewQueueStatus): Promise<UserError | null> {
    this.#status = status;
    this.#page = 1;
    return this.load();
  }

  setFilter(filter: ReviewQueueFilters): Promise<UserError | null> {
    this.#filter = filter;
    this.#page = 1;
    return this.load();
  }

  goTo(page: number): Promise<UserError | null> {
    this.#page = Math.min(Math.max(1, page), this.pageCount);
    return this.load();
  }

  async #fetch(): Promise<void> {
    const generation = ++this.#generation;
    const page = await this.#deps.review.queue({
      ...this.#filter,
      status: this.#status,
      page: this.#page,
      pageSize: REVIEW_PAGE_SIZE,
    });
    // A slower answer to an older filter must not replace a newer one.
    if (generation !== this.#generation) return;
    this.#rows = page.rows;
    this.#total = page.total;
    this.#loaded = true;
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
