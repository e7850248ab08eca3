import { z } from 'zod';
import { Id } from '@ducha/shared';
import { authedProcedure, router } from '../trpc/init';
import { ledgerItemsOfTalk } from './ledger.service';

export const ledgerRouter = router({
  /** The 整改台账 items a signed 约谈's 表态 became. */
  ofTalk: authedProcedure
    .input(z.object({ talkId: Id }))
    .query(({ ctx, input }) => ledgerItemsOfTalk(ctx.deps.db, ctx.session.user, input.talkId)),
});
