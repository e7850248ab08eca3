import { BookGetInput, BookListInput, BookSaveInput } from '@ducha/shared';
import { BOOK_KEEPER_ROLES } from '../authz/policy';
import { roleProcedure, router } from '../trpc/init';
import { getBook, listBooks, saveBook } from './book.service';

const keeperProcedure = roleProcedure(...BOOK_KEEPER_ROLES);

/** 一书双卡: a unit's responsibility book and cards for a year. */
export const bookRouter = router({
  list: keeperProcedure
    .input(BookListInput)
    .query(({ ctx, input }) => listBooks(ctx.deps.db, ctx.session.user, input.unitId)),
  get: keeperProcedure
    .input(BookGetInput)
    .query(({ ctx, input }) => getBook(ctx.deps.db, ctx.session.user, input.unitId, input.year)),
  save: keeperProcedure
    .input(BookSaveInput)
    .mutation(({ ctx, input }) =>
      saveBook(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});
