import type {
  FollowUpCandidate,
  Locale,
  PlanManageListFilter,
  PlanManageRow,
  PlanningTeam,
  TemplateSummary,
} from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { PlanDraft, PlanEdit, PlanningService } from '$lib/services/planning.service';
import type { TemplateService } from '$lib/services/template.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface PlanningDeps {
  planning: PlanningService;
  templates: TemplateService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

export type PlanningFilter = Omit<PlanManageListFilter, 'page' | 'pageSize'>;

export const PLANNING_PAGE_SIZE = 20;

/**
 * 计划安排: the plans the caller sees, a page at a time with filters, and what the plan form
 * offers (teams the caller may plan for, templates not archived). Online only: every change
 * reloads the page from the server.
 */
export class PlanningManager {
  #rows = $state<PlanManageRow[]>([]);
  #total = $state(0);
  #page = $state(1);
  #filter = $state<PlanningFilter>({});
  #teams = $state<PlanningTeam[]>([]);
  #templates = $state<TemplateSummary[]>([]);
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  #generation = 0;
  readonly #deps: PlanningDeps;

  constructor(deps: PlanningDeps) {
    this.#deps = deps;
  }

  get rows(): readonly PlanManageRow[] {
    return this.#rows;
  }
  get total(): number {
    return this.#total;
  }
  get page(): number {
    return this.#page;
  }
  get pageCount(): number {
    return Math.max(1, Math.ceil(this.#total / PLANNING_PAGE_SIZE));
  }
  get filter(): PlanningFilter {
    return this.#filter;
  }
  get teams(): readonly PlanningTeam[] {
    return this.#teams;
  }
  get templates(): readonly TemplateSummary[] {
    return this.#templates;
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

  /** The list and the form's choices. */
  async load(): Promise<void> {
    await this.#run(async () => {
      const [teams, templates] = await Promise.all([
        this.#deps.planning.teams(),
        this.#deps.templates.list(false),
      ]);
      this.#teams = teams;
      this.#templates = templates;
      await this.#fetch();
    });
  }

  async setFilter(filter: PlanningFilter): Promise<void> {
    this.#filter = filter;
    this.#page = 1;
    await this.#run(() => this.#fetch());
  }

  async goTo(page: number): Promise<void> {
    this.#page = Math.min(Math.max(1, page), this.pageCount);
    await this.#run(() => this.#fetch());
  }

  templateVersion(templateId: string): number | null {
    return this.#templates.find((t) => t.id === templateId)?.version ?? null;
  }

  followUpCandidates(unitId?: string): Promise<FollowUpCandidate[]> {
    return this.#deps.planning.followUpCandidates(unitId);
  }

  create(input: PlanDraft): Promise<UserError | null> {
    return this.#change(() => this.#deps.planning.create(input));
  }

  update(input: PlanEdit): Promise<UserError | null> {
    return this.#change(() => this.#deps.planning.update(input));
  }

  assign(id: string, teamId: string): Promise<UserError | null> {
    return this.#change(() => this.#deps.planning.assign({ id, teamId }));
  }

  cancel(id: string): Promise<UserError | null> {
    return this.#change(() => this.#deps.planning.cancel(id));
  }

  async #fetch(): Promise<void> {
    const generation = ++this.#generation;
    const page = await this.#deps.planning.list({
      ...this.#filter,
      page: this.#page,
      pageSize: PLANNING_PAGE_SIZE,
    });
    // A slower answer to an older filter must not replace a newer one.
    if (generation !== this.#generation) return;
    this.#rows = page.rows;
    this.#total = page.total;
    this.#loaded = true;
  }

  async #change(action: () => Promise<unknown>): Promise<UserError | null> {
    return this.#run(async () => {
      await action();
      await this.#fetch();
    });
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
