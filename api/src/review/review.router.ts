import {
  ReviewApproveInput,
  ReviewQueueInput,
  ReviewReturnInput,
  ReviewVisitInput,
} from '@ducha/shared';
import { roleProcedure, router } from '../trpc/init';
import { approveVisit, returnVisit } from './review-decision.service';
import { reviewQueue } from './review-queue.service';
import { reviewVisit } from './review-visit.service';

/** Reviewers: supervisors within their scope, team leaders for their own team (authz/policy). */
const reviewer = roleProcedure('supervisor', 'team_leader');

/** 审核: the queue of synced visits, one visit, and the reviewer's two decisions. */
export const reviewRouter = router({
  queue: reviewer
    .input(ReviewQueueInput)
    .query(({ ctx, input }) => reviewQueue(ctx.deps.db, ctx.session.user, input)),
  get: reviewer
    .input(ReviewVisitInput)
    .query(({ ctx, input }) => reviewVisit(ctx.deps.db, ctx.session.user, input.id)),
  return: reviewer
    .input(ReviewReturnInput)
    .mutation(({ ctx, input }) => returnVisit(ctx.deps, ctx.session.user, input)),
  approve: reviewer
    .input(ReviewApproveInput)
    .mutation(({ ctx, input }) => approveVisit(ctx.deps, ctx.session.user, input.id)),
});
