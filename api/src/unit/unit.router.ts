import { UnitAdminCreateInput, UnitAdminUpdateInput, UnitMoveInput } from '@ducha/shared';
import { adminProcedure, authedProcedure, router } from '../trpc/init';
import { createUnit, moveUnit, updateUnit } from './unit-admin.service';
import { listUnits } from './unit.service';

export const unitRouter = router({
  list: authedProcedure.query(({ ctx }) => listUnits(ctx.deps.db, ctx.session.user)),
  create: adminProcedure
    .input(UnitAdminCreateInput)
    .mutation(({ ctx, input }) =>
      createUnit(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  update: adminProcedure
    .input(UnitAdminUpdateInput)
    .mutation(({ ctx, input }) =>
      updateUnit(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  move: adminProcedure
    .input(UnitMoveInput)
    .mutation(({ ctx, input }) =>
      moveUnit(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});
