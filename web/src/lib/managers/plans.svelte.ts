import type { Locale, PlanListItem } from '@ducha/shared';
import { isNetworkFailure, toUserError, type UserError } from '$lib/api/user-error';
import { systemNow } from '$lib/clock';
import type { PlanCache } from '$lib/db/local-db';
import { chinaToday, groupPlans, type GroupedPlans } from '$lib/plans/plan-grouping';
import type { PlanService } from '$lib/services/plan.service';
import type { ConnectivityManager } from './connectivity.svelte';

export interface PlansDeps {
  plans: PlanService;
  cacheFor: (userId: string) => PlanCache;
  connectivity: ConnectivityManager;
  locale: () => Locale;
  /** Called when the server says the session has ended. */
  onUnauthenticated: () => void;
  now?: () => Date;
}

export type PlansSource = 'server' | 'device';

/** 我的计划: the caller's plans, from the server when reachable, else from the device copy. */
export class PlansManager {
  #plans = $state<PlanListItem[]>([]);
  #loading = $state(false);
  #loaded = $state(false);
  #source = $state<PlansSource | null>(null);
  #savedAt = $state<string | null>(null);
  #error = $state<UserError | null>(null);
  #userId: string | null = null;
  #generation = 0;
  readonly #deps: PlansDeps;
  readonly #now: () => Date;

  constructor(deps: PlansDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? systemNow;
  }

  get plans(): readonly PlanListItem[] {
    return this.#plans;
  }

  get groups(): GroupedPlans {
    return groupPlans(this.#plans, this.today);
  }

  get today(): string {
    return chinaToday(this.#now());
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** True once a load has finished (from either source), so "no plans" can be shown. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get source(): PlansSource | null {
    return this.#source;
  }

  /** When the shown device copy was fetched from the server. */
  get savedAt(): string | null {
    return this.#savedAt;
  }

  get error(): UserError | null {
    return this.#error;
  }

  async load(userId: string): Promise<void> {
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    if (this.#userId !== userId) this.#reset(userId);
    const cache = this.#deps.cacheFor(userId);
    this.#loading = true;
    try {
      // Show the device copy first so a slow or absent network never leaves the page blank.
      if (this.#source === null) {
        const saved = await cache.read().catch(() => null);
        if (current() && saved && saved.cachedAt) {
          this.#plans = saved.plans;
          this.#savedAt = saved.cachedAt;
          this.#source = 'device';
        }
      }
      const fresh = await this.#deps.plans.list();
      if (!current()) return;
      const savedAt = this.#now().toISOString();
      this.#plans = fresh;
      this.#source = 'server';
      this.#savedAt = savedAt;
      this.#error = null;
      this.#deps.connectivity.reportReachable(true);
      // A failing local store (private mode, quota) must not hide fresh server data.
      await cache.replace(fresh, savedAt).catch(() => undefined);
    } catch (error) {
      if (!current()) return;
      const failure = toUserError(
        error,
        this.#deps.locale(),
        this.#deps.connectivity.browserOnline,
      );
      this.#error = failure;
      if (isNetworkFailure(failure)) {
        this.#deps.connectivity.reportReachable(false);
      } else if (failure.kind === 'unauthenticated') {
        this.#deps.onUnauthenticated();
      }
    } finally {
      if (current()) {
        this.#loading = false;
        this.#loaded = true;
      }
    }
  }

  /** Forgets the plans in memory and on the device (sign-out). */
  async forget(userId: string): Promise<void> {
    this.#generation++;
    this.#reset(null);
    await this.#deps
      .cacheFor(userId)
      .clear()
      .catch(() => undefined);
  }

  #reset(userId: string | null): void {
    this.#userId = userId;
    this.#plans = [];
    this.#source = null;
    this.#savedAt = null;
    this.#error = null;
    this.#loaded = false;
    this.#loading = false;
  }
}
