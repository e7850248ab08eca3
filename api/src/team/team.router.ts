import { TeamCreateInput, TeamRenameInput, TeamSetMembersInput } from '@ducha/shared';
import { adminProcedure, router } from '../trpc/init';
import { createTeam, listTeams, renameTeam, setTeamMembers } from './team.service';

export const teamRouter = router({
  list: adminProcedure.query(({ ctx }) => listTeams(ctx.deps.db)),
  create: adminProcedure
    .input(TeamCreateInput)
    .mutation(({ ctx, input }) =>
      createTeam(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  setMembers: adminProcedure
    .input(TeamSetMembersInput)
    .mutation(({ ctx, input }) =>
      setTeamMembers(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  rename: adminProcedure
    .input(TeamRenameInput)
    .mutation(({ ctx, input }) =>
      renameTeam(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});
