import type { PlanListItem } from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

export interface PlanService {
  list(): Promise<PlanListItem[]>;
}

export function createPlanService(api: ApiClient): PlanService {
  return {
    list: () => api.plan.list.query(),
  };
}
