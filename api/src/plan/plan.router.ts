import {
  ByIdInput,
  FollowUpCandidatesInput,
  PlanAssignInput,
  PlanManageCreateInput,
  PlanManageListInput,
  PlanManageUpdateInput,
} from '@ducha/shared';
import { PLANNER_ROLES } from '../authz/policy';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { followUpCandidates } from './plan-follow-up.service';
import {
  assignPlan,
  cancelPlan,
  createPlan,
  listManagedPlans,
  managedPlan,
  planningTeams,
  updatePlan,
} from './plan-manage.service';
import { getPlan, listPlans } from './plan.service';

const plannerProcedure = roleProcedure(...PLANNER_ROLES);

/** What the console reads to plan (authz/policy.ts, "Planning"); the writes are plan.create etc. */
const manageRouter = router({
  list: plannerProcedure
    .input(PlanManageListInput)
    .query(({ ctx, input }) => listManagedPlans(ctx.deps.db, ctx.session.user, input)),
  get: plannerProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) => managedPlan(ctx.deps.db, ctx.session.user, input.id)),
  teams: plannerProcedure.query(({ ctx }) => planningTeams(ctx.deps.db, ctx.session.user)),
  followUpCandidates: plannerProcedure
    .input(FollowUpCandidatesInput)
    .query(({ ctx, input }) => followUpCandidates(ctx.deps.db, ctx.session.user, input)),
});

export const planRouter = router({
  list: authedProcedure.query(({ ctx }) => listPlans(ctx.deps.db, ctx.session.user)),
  get: authedProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) => getPlan(ctx.deps.db, ctx.session.user, input.id)),
  create: plannerProcedure
    .input(PlanManageCreateInput)
    .mutation(({ ctx, input }) =>
      createPlan(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  update: plannerProcedure
    .input(PlanManageUpdateInput)
    .mutation(({ ctx, input }) =>
      updatePlan(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  assign: plannerProcedure
    .input(PlanAssignInput)
    .mutation(({ ctx, input }) =>
      assignPlan(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  cancel: plannerProcedure
    .input(ByIdInput)
    .mutation(({ ctx, input }) =>
      cancelPlan(ctx.deps, { user: ctx.session.user, req: ctx.req }, input.id),
    ),
  manage: manageRouter,
});
