import type {
  LedgerFilter,
  LedgerListPage,
  LedgerListRow,
  LedgerSortKey,
  LedgerStatus,
  Locale,
} from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { LedgerService } from '$lib/services/ledger.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface LedgerListDeps {
  ledger: LedgerService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

export const LEDGER_PAGE_SIZE = 20;

/**
 * 整改台账: one page of the items in the caller's scope, with filters, search and sorting done
 * by the server (a province's ledger runs to 100,000 items). Online only.
 */
export class LedgerListManager {
  #rows = $state<LedgerListRow[]>([]);
  #total = $state(0);
  #page = $state(1);
  #filter = $state<LedgerFilter>({});
  #sort = $state<LedgerSortKey>('deadline');
  #desc = $state(false);
  #statusCounts = $state<LedgerListPage['statusCounts']>({});
  #overdueCount = $state(0);
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  #generation = 0;
  readonly #deps: LedgerListDeps;

  constructor(deps: LedgerListDeps) {
    this.#deps = deps;
  }

  get rows(): readonly LedgerListRow[] {
    return this.#rows;
  }
  get total(): number {
    return this.#total;
  }
  get page(): number {
    return this.#page;
  }
  get pageCount(): number {
    return Math.max(1, Math.ceil(this.#total / LEDGER_PAGE_SIZE));
  }
  get filter(): LedgerFilter {
    return this.#filter;
  }
  get sort(): LedgerSortKey {
    return this.#sort;
  }
  get desc(): boolean {
    return this.#desc;
  }
  get statusCounts(): LedgerListPage['statusCounts'] {
    return this.#statusCounts;
  }
  get overdueCount(): number {
    return this.#overdueCount;
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

  setFilter(filter: LedgerFilter): Promise<UserError | null> {
    this.#filter = filter;
    this.#page = 1;
    return this.#run(() => this.#fetch());
  }

  /** A status chip: show only that status, or all again when it is the one shown. */
  toggleStatus(status: LedgerStatus): Promise<UserError | null> {
    const only = this.#filter.statuses?.length === 1 && this.#filter.statuses[0] === status;
    const { statuses: _drop, ...rest } = this.#filter;
    return this.setFilter(only ? rest : { ...rest, statuses: [status] });
  }

  /** A column header: sort by it, or reverse when it is already the sort. */
  sortBy(key: LedgerSortKey): Promise<UserError | null> {
    if (this.#sort === key) this.#desc = !this.#desc;
    else {
      this.#sort = key;
      this.#desc = false;
    }
    this.#page = 1;
    return this.#run(() => this.#fetch());
  }

  goTo(page: number): Promise<UserError | null> {
    this.#page = Math.min(Math.max(1, page), this.pageCount);
    return this.#run(() => this.#fetch());
  }

  /** Query string of the XLSX export of the current filter and sort (same scope as the list). */
  get exportQuery(): string {
    const params: [string, string][] = [
      ['filter', JSON.stringify(this.#filter)],
      ['sort', this.#sort],
      ['desc', String(this.#desc)],
    ];
    return params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  }

  async #fetch(): Promise<void> {
    const generation = ++this.#generation;
    const page = await this.#deps.ledger.list({
      filter: this.#filter,
      sort: this.#sort,
      desc: this.#desc,
      page: this.#page,
      pageSize: LEDGER_PAGE_SIZE,
    });
    // A slower answer to an older question must not replace a newer one.
    if (generation !== this.#generation) return;
    this.#rows = page.rows;
    this.#total = page.total;
    this.#statusCounts = page.statusCounts;
    this.#overdueCount = page.overdueCount;
    this.#loaded = true;
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
