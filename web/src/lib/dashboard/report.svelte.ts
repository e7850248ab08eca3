import type { Locale } from '@ducha/shared';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { ReportService, VisitReport } from '$lib/services/report.service';

export interface ReportDeps {
  reports: ReportService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

/**
 * The printable inspection report of one visit. A visit the caller may not see is "not found",
 * like a missing one; the page says so and shows nothing of it.
 */
export class ReportManager {
  #report = $state<VisitReport | null>(null);
  #error = $state<UserError | null>(null);
  #loading = $state(false);
  #requested = '';
  readonly #deps: ReportDeps;

  constructor(deps: ReportDeps) {
    this.#deps = deps;
  }

  get report(): VisitReport | null {
    return this.#report;
  }
  get error(): UserError | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }

  async load(id: string): Promise<void> {
    this.#requested = id;
    if (this.#report?.inspectionId !== id) this.#report = null;
    this.#loading = true;
    this.#error = null;
    try {
      const report = await this.#deps.reports.visit(id);
      // Navigated to another report meanwhile: that one's answer wins.
      if (this.#requested !== id) return;
      this.#report = report;
      this.#deps.connectivity.reportReachable(true);
    } catch (error) {
      if (this.#requested !== id) return;
      const failure = toUserError(
        error,
        this.#deps.locale(),
        this.#deps.connectivity.browserOnline,
      );
      this.#error = failure;
      this.#report = null;
      if (failure.kind === 'offline' || failure.kind === 'unavailable') {
        this.#deps.connectivity.reportReachable(false);
      }
    } finally {
      if (this.#requested === id) this.#loading = false;
    }
  }
}
