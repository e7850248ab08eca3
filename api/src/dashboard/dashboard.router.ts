import {
  DashboardFilter,
  DashboardSummaryInput,
  DashboardTrendsInput,
  RecentVisitsInput,
} from '@ducha/shared';
import { roleProcedure, router } from '../trpc/init';
import { periodSummary } from './dashboard-summary.service';
import {
  findingFigures,
  ledgerFigures,
  recentVisits,
  trends,
  unitScores,
} from './dashboard.service';

/*
 * Supervisors only. A dashboard is the standing of a region — a scope subtree — and only
 * supervisors have one; team leaders and inspectors see their own plans' visits and ledger in
 * the review and ledger screens, and administrators keep accounts, not the substance of the work.
 */
const dashboardProcedure = roleProcedure('supervisor');

export const dashboardRouter = router({
  findings: dashboardProcedure
    .input(DashboardFilter)
    .query(({ ctx, input }) => findingFigures(ctx.deps.db, ctx.session.user, input)),
  ledger: dashboardProcedure
    .input(DashboardFilter)
    .query(({ ctx, input }) =>
      ledgerFigures(ctx.deps.db, ctx.session.user, input, ctx.deps.clock.now()),
    ),
  scores: dashboardProcedure
    .input(DashboardFilter)
    .query(({ ctx, input }) => unitScores(ctx.deps.db, ctx.session.user, input)),
  trends: dashboardProcedure
    .input(DashboardTrendsInput)
    .query(({ ctx, input }) => trends(ctx.deps.db, ctx.session.user, input)),
  recentVisits: dashboardProcedure
    .input(RecentVisitsInput)
    .query(({ ctx, input }) => recentVisits(ctx.deps.db, ctx.session.user, input)),
  summary: dashboardProcedure
    .input(DashboardSummaryInput)
    .query(({ ctx, input }) =>
      periodSummary(ctx.deps.db, ctx.session.user, input, ctx.deps.clock.now()),
    ),
});
