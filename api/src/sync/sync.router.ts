import { PullRequest, PushRequest } from '@ducha/shared';
import { authedProcedure, router } from '../trpc/init';
import { failureError } from './sync-errors';
import { pullChanges } from './sync-pull.service';
import { pushMutations } from './sync-push.service';

/** The sync protocol (shared/src/sync/README.md): failures travel as tRPC errors. */
export const syncRouter = router({
  push: authedProcedure.input(PushRequest).mutation(async ({ ctx, input }) => {
    const outcome = await pushMutations(ctx.deps, ctx.session.user, input);
    if (!outcome.ok) throw failureError(outcome.failure);
    return outcome.value;
  }),
  // A mutation, not a query: a first pull registers the device, and pulls must never be cached.
  pull: authedProcedure.input(PullRequest).mutation(async ({ ctx, input }) => {
    const outcome = await pullChanges(ctx.deps, ctx.session.user, input);
    if (!outcome.ok) throw failureError(outcome.failure);
    return outcome.value;
  }),
});
