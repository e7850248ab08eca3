import { authedProcedure, router } from '../trpc/init';
import { listUnits } from './unit.service';

export const unitRouter = router({
  list: authedProcedure.query(({ ctx }) => listUnits(ctx.deps.db, ctx.session.user)),
});
