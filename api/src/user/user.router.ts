import {
  UserCreateInput,
  UserResetPasswordInput,
  UserSetDisabledInput,
  UserUpdateInput,
} from '@ducha/shared';
import { adminProcedure, router } from '../trpc/init';
import {
  createUser,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  updateUser,
} from './user.service';

export const userRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.deps.db)),
  create: adminProcedure
    .input(UserCreateInput)
    .mutation(({ ctx, input }) =>
      createUser(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  update: adminProcedure
    .input(UserUpdateInput)
    .mutation(({ ctx, input }) =>
      updateUser(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  setDisabled: adminProcedure
    .input(UserSetDisabledInput)
    .mutation(({ ctx, input }) =>
      setUserDisabled(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  resetPassword: adminProcedure
    .input(UserResetPasswordInput)
    .mutation(({ ctx, input }) =>
      resetUserPassword(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});
