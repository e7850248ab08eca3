import type {
  FollowUpCandidate,
  PlanAssignInput,
  PlanManageCreateInput,
  PlanManageListFilter,
  PlanManagePage,
  PlanManageRow,
  PlanManageUpdateInput,
  PlanningTeam,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** Plan inputs as a form sends them: defaults are filled by the server schema. */
export type PlanDraft = Omit<
  PlanManageCreateInput,
  'description' | 'followUpOfPlanId' | 'confidential'
> &
  Partial<Pick<PlanManageCreateInput, 'description' | 'followUpOfPlanId' | 'confidential'>>;
export type PlanEdit = Omit<
  PlanManageUpdateInput,
  'description' | 'followUpOfPlanId' | 'confidential'
> &
  Partial<Pick<PlanManageUpdateInput, 'description' | 'followUpOfPlanId' | 'confidential'>>;

/** 计划安排: the console's planning procedures. */
export interface PlanningService {
  list(filter: PlanManageListFilter): Promise<PlanManagePage>;
  teams(): Promise<PlanningTeam[]>;
  followUpCandidates(unitId?: string): Promise<FollowUpCandidate[]>;
  create(input: PlanDraft): Promise<PlanManageRow>;
  update(input: PlanEdit): Promise<PlanManageRow>;
  assign(input: PlanAssignInput): Promise<PlanManageRow>;
  cancel(id: string): Promise<PlanManageRow>;
}

export function createPlanningService(api: ApiClient): PlanningService {
  return {
    list: (filter) => api.plan.manage.list.query(filter),
    teams: () => api.plan.manage.teams.query(),
    followUpCandidates: (unitId) =>
      api.plan.manage.followUpCandidates.query(unitId ? { unitId } : {}),
    create: (input) => api.plan.create.mutate(input),
    update: (input) => api.plan.update.mutate(input),
    assign: (input) => api.plan.assign.mutate(input),
    cancel: (id) => api.plan.cancel.mutate({ id }),
  };
}
