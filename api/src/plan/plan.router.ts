import { ByIdInput } from '@ducha/shared';
import { authedProcedure, router } from '../trpc/init';
import { getPlan, listPlans } from './plan.service';

export const planRouter = router({
  list: authedProcedure.query(({ ctx }) => listPlans(ctx.deps.db, ctx.session.user)),
  get: authedProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) => getPlan(ctx.deps.db, ctx.session.user, input.id)),
});
