import {
  ByIdInput,
  TemplateArchiveInput,
  TemplateCreateInput,
  TemplateExportInput,
  TemplateGetInput,
  TemplateImportInput,
  TemplateListInput,
  TemplateUpdateInput,
} from '@ducha/shared';
import { TEMPLATE_WRITER_ROLES } from '../authz/policy';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { exportTemplate, importTemplate } from './template-file.service';
import { getTemplate, listTemplates } from './template.service';
import {
  archiveTemplate,
  createTemplate,
  templateVersions,
  updateTemplate,
} from './template-write.service';

const writerProcedure = roleProcedure(...TEMPLATE_WRITER_ROLES);

export const templateRouter = router({
  list: authedProcedure
    .input(TemplateListInput)
    .query(({ ctx, input }) => listTemplates(ctx.deps.db, input)),
  get: authedProcedure
    .input(TemplateGetInput)
    .query(({ ctx, input }) => getTemplate(ctx.deps.db, input.id, input.version)),
  versions: authedProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) => templateVersions(ctx.deps.db, input.id)),
  create: writerProcedure
    .input(TemplateCreateInput)
    .mutation(({ ctx, input }) =>
      createTemplate(ctx.deps, { user: ctx.session.user, req: ctx.req }, input.content),
    ),
  update: writerProcedure
    .input(TemplateUpdateInput)
    .mutation(({ ctx, input }) =>
      updateTemplate(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  archive: writerProcedure
    .input(TemplateArchiveInput)
    .mutation(({ ctx, input }) =>
      archiveTemplate(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  // A query: exporting changes nothing. Files are small (a template), so base64 in JSON is fine.
  export: authedProcedure
    .input(TemplateExportInput)
    .query(({ ctx, input }) =>
      exportTemplate(ctx.deps.db, input, ctx.req.locale, ctx.deps.clock.now()),
    ),
  import: writerProcedure
    .input(TemplateImportInput)
    .mutation(({ ctx, input }) =>
      importTemplate(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});
