import type {
  Locale,
  PlanningTeam,
  SpotCheckDetail,
  SpotCheckDrawInput,
  SpotCheckPlanInput,
  SpotCheckSummary,
  TemplateSummary,
} from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { LedgerService } from '$lib/services/ledger.service';
import type { PlanningService } from '$lib/services/planning.service';
import type { TemplateService } from '$lib/services/template.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface SpotCheckDeps {
  ledger: LedgerService;
  planning: PlanningService;
  templates: TemplateService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

/**
 * 抽查: the draws recorded in the supervisor's scope, a new draw (seed, ratio, unit), the sample
 * of the draw on screen, and turning it into 回头看 plans (teams and templates for that form).
 */
export class SpotCheckManager {
  #draws = $state<SpotCheckSummary[]>([]);
  #current = $state<SpotCheckDetail | null>(null);
  #teams = $state<PlanningTeam[]>([]);
  #templates = $state<TemplateSummary[]>([]);
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  readonly #deps: SpotCheckDeps;

  constructor(deps: SpotCheckDeps) {
    this.#deps = deps;
  }

  get draws(): readonly SpotCheckSummary[] {
    return this.#draws;
  }
  get current(): SpotCheckDetail | null {
    return this.#current;
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

  load(): Promise<UserError | null> {
    return this.#run(async () => {
      const [draws, teams, templates] = await Promise.all([
        this.#deps.ledger.spotChecks(),
        this.#deps.planning.teams(),
        this.#deps.templates.list(false),
      ]);
      this.#draws = draws;
      this.#teams = teams;
      this.#templates = templates;
      this.#loaded = true;
    });
  }

  draw(input: SpotCheckDrawInput): Promise<UserError | null> {
    return this.#run(async () => {
      this.#current = await this.#deps.ledger.drawSpotCheck(input);
      this.#draws = await this.#deps.ledger.spotChecks();
    });
  }

  open(id: string): Promise<UserError | null> {
    return this.#run(async () => {
      this.#current = await this.#deps.ledger.spotCheck(id);
    });
  }

  toPlans(input: Omit<SpotCheckPlanInput, 'id'>): Promise<UserError | null> {
    const current = this.#current;
    if (!current) return Promise.resolve(null);
    return this.#run(async () => {
      this.#current = await this.#deps.ledger.spotCheckToPlans({ ...input, id: current.id });
      this.#draws = await this.#deps.ledger.spotChecks();
    });
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
