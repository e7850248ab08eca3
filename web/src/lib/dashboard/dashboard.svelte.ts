import {
  addDays,
  chinaDate,
  nextPeriod,
  periodOf,
  previousPeriod,
  type DashboardFilter,
  type Locale,
  type PeriodKind,
  type TrendGranularity,
} from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type {
  DashboardService,
  DashboardSummary,
  FindingFigures,
  LedgerFigures,
  RecentVisit,
  TrendPoint,
  UnitScore,
} from '$lib/services/dashboard.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface DashboardDeps {
  dashboard: DashboardService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
  now: () => Date;
}

/** The default range: the last 90 China days, today included. */
export const DEFAULT_RANGE_DAYS = 90;
export const RECENT_VISITS = 10;

/**
 * 统计分析: the figures of the supervisor's scope for a date range and unit, the trend series by
 * week or month, and a 周调度 / 旬分析 / 月总结 summary of a period the user steps through. Online
 * only; each part reloads on its own, and a slower answer to an older choice never overwrites
 * a newer one.
 */
export class DashboardManager {
  #filter = $state<DashboardFilter>({ from: '', to: '' });
  #granularity = $state<TrendGranularity>('week');
  #findings = $state<FindingFigures | null>(null);
  #ledger = $state<LedgerFigures | null>(null);
  #scores = $state<UnitScore[]>([]);
  #trends = $state<TrendPoint[]>([]);
  #recent = $state<RecentVisit[]>([]);
  #summaryKind = $state<PeriodKind>('week');
  #summaryDate = $state('');
  #summary = $state<DashboardSummary | null>(null);
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  #figuresGeneration = 0;
  #trendsGeneration = 0;
  #summaryGeneration = 0;
  readonly #deps: DashboardDeps;

  constructor(deps: DashboardDeps) {
    this.#deps = deps;
    const today = this.today;
    this.#filter = { from: addDays(today, 1 - DEFAULT_RANGE_DAYS), to: today };
    this.#summaryDate = today;
  }

  get today(): string {
    return chinaDate(this.#deps.now());
  }
  get filter(): DashboardFilter {
    return this.#filter;
  }
  get granularity(): TrendGranularity {
    return this.#granularity;
  }
  get findings(): FindingFigures | null {
    return this.#findings;
  }
  get ledger(): LedgerFigures | null {
    return this.#ledger;
  }
  get scores(): readonly UnitScore[] {
    return this.#scores;
  }
  get trends(): readonly TrendPoint[] {
    return this.#trends;
  }
  get recentVisits(): readonly RecentVisit[] {
    return this.#recent;
  }
  get summaryKind(): PeriodKind {
    return this.#summaryKind;
  }
  get summary(): DashboardSummary | null {
    return this.#summary;
  }
  /** Whether the summary's period is the running one (no later period to step to). */
  get summaryIsCurrent(): boolean {
    return periodOf(this.#summaryKind, this.#summaryDate).end >= this.today;
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

  async load(): Promise<void> {
    await this.#run(async () => {
      await Promise.all([this.#fetchFigures(), this.#fetchTrends(), this.#fetchSummary()]);
      this.#loaded = true;
    });
  }

  /** A new range or unit: every figure, the trends and the summary (which follows the unit). */
  setFilter(filter: DashboardFilter): Promise<UserError | null> {
    this.#filter = filter;
    return this.#run(() =>
      Promise.all([this.#fetchFigures(), this.#fetchTrends(), this.#fetchSummary()]).then(
        () => undefined,
      ),
    );
  }

  setGranularity(granularity: TrendGranularity): Promise<UserError | null> {
    this.#granularity = granularity;
    return this.#run(() => this.#fetchTrends());
  }

  /** Switches the cadence and shows its running period. */
  setSummaryKind(kind: PeriodKind): Promise<UserError | null> {
    this.#summaryKind = kind;
    this.#summaryDate = this.today;
    return this.#run(() => this.#fetchSummary());
  }

  stepSummary(direction: -1 | 1): Promise<UserError | null> {
    const current = periodOf(this.#summaryKind, this.#summaryDate);
    if (direction === 1 && this.summaryIsCurrent) return Promise.resolve(null);
    const target = direction === -1 ? previousPeriod(current) : nextPeriod(current);
    this.#summaryDate = target.start;
    return this.#run(() => this.#fetchSummary());
  }

  async #fetchFigures(): Promise<void> {
    const generation = ++this.#figuresGeneration;
    const filter = this.#filter;
    const d = this.#deps.dashboard;
    const [findings, ledger, scores, recent] = await Promise.all([
      d.findings(filter),
      d.ledger(filter),
      d.scores(filter),
      d.recentVisits(filter, RECENT_VISITS),
    ]);
    if (generation !== this.#figuresGeneration) return;
    this.#findings = findings;
    this.#ledger = ledger;
    this.#scores = scores;
    this.#recent = recent;
  }

  async #fetchTrends(): Promise<void> {
    const generation = ++this.#trendsGeneration;
    const trends = await this.#deps.dashboard.trends(this.#filter, this.#granularity);
    if (generation !== this.#trendsGeneration) return;
    this.#trends = trends;
  }

  async #fetchSummary(): Promise<void> {
    const generation = ++this.#summaryGeneration;
    const summary = await this.#deps.dashboard.summary(
      this.#summaryKind,
      this.#summaryDate,
      this.#filter.unitId,
    );
    if (generation !== this.#summaryGeneration) return;
    this.#summary = summary;
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
