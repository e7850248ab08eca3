import { TemplateGetInput } from '@ducha/shared';
import { authedProcedure, router } from '../trpc/init';
import { getTemplate, listTemplates } from './template.service';

export const templateRouter = router({
  list: authedProcedure.query(({ ctx }) => listTemplates(ctx.deps.db)),
  get: authedProcedure
    .input(TemplateGetInput)
    .query(({ ctx, input }) => getTemplate(ctx.deps.db, input.id, input.version)),
});
