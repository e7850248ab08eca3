import type {
  LedgerAssignInput,
  LedgerItemDetail,
  LedgerListInput,
  LedgerListPage,
  LedgerListRow,
  LedgerTransitionInput,
  LedgerTypicalCaseInput,
  SpotCheckDetail,
  SpotCheckDrawInput,
  SpotCheckPlanInput,
  SpotCheckSummary,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** 整改台账: the console's ledger procedures. */
export interface LedgerService {
  list(input: LedgerListInput): Promise<LedgerListPage>;
  get(id: string): Promise<LedgerItemDetail>;
  transition(input: LedgerTransitionInput): Promise<LedgerItemDetail>;
  assign(input: LedgerAssignInput): Promise<LedgerItemDetail>;
  typicalCase(input: LedgerTypicalCaseInput): Promise<LedgerListRow[]>;
  drawSpotCheck(input: SpotCheckDrawInput): Promise<SpotCheckDetail>;
  spotChecks(): Promise<SpotCheckSummary[]>;
  spotCheck(id: string): Promise<SpotCheckDetail>;
  spotCheckToPlans(input: SpotCheckPlanInput): Promise<SpotCheckDetail>;
}

export function createLedgerService(api: ApiClient): LedgerService {
  return {
    list: (input) => api.ledger.list.query(input),
    get: (id) => api.ledger.get.query({ id }),
    transition: (input) => api.ledger.transition.mutate(input),
    assign: (input) => api.ledger.assign.mutate(input),
    typicalCase: (input) => api.ledger.typicalCase.mutate(input),
    drawSpotCheck: (input) => api.ledger.spotCheck.draw.mutate(input),
    spotChecks: () => api.ledger.spotCheck.list.query(),
    spotCheck: (id) => api.ledger.spotCheck.get.query({ id }),
    spotCheckToPlans: (input) => api.ledger.spotCheck.toPlans.mutate(input),
  };
}
