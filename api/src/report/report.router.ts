import { ByIdInput } from '@ducha/shared';
import { authedProcedure, router } from '../trpc/init';
import { visitReport } from './report.service';

/** Printable documents. Every role may ask; the record-level check is the visit's own. */
export const reportRouter = router({
  visit: authedProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) => visitReport(ctx.deps.db, ctx.session.user, input.id)),
});
