import type {
  LedgerAssignInput,
  LedgerItemDetail,
  LedgerListInput,
  LedgerListPage,
  LedgerTransitionInput,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** 整改台账: the console's ledger procedures. */
export interface LedgerService {
  list(input: LedgerListInput): Promise<LedgerListPage>;
  get(id: string): Promise<LedgerItemDetail>;
  transition(input: LedgerTransitionInput): Promise<LedgerItemDetail>;
  assign(input: LedgerAssignInput): Promise<LedgerItemDetail>;
}

export function createLedgerService(api: ApiClient): LedgerService {
  return {
    list: (input) => api.ledger.list.query(input),
    get: (id) => api.ledger.get.query({ id }),
    transition: (input) => api.ledger.transition.mutate(input),
    assign: (input) => api.ledger.assign.mutate(input),
  };
}
