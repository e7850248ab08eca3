import { z } from 'zod';
import {
  ByIdInput,
  Id,
  LedgerAssignInput,
  LedgerListInput,
  LedgerTransitionInput,
  LedgerTypicalCaseInput,
  SpotCheckDrawInput,
  SpotCheckPlanInput,
} from '@ducha/shared';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { getLedgerItem } from './ledger-item.service';
import { listLedger } from './ledger-list.service';
import { ledgerItemsOfTalk } from './ledger.service';
import { assignLedgerItem, transitionLedgerItem } from './ledger-write.service';
import { pushTypicalCase } from './typical-case.service';
import {
  drawSpotCheck,
  getSpotCheck,
  listSpotChecks,
  spotCheckToPlans,
} from './spot-check.service';

/** The ledger's people: the field roles and supervisors; administrators keep accounts only. */
const ledgerProcedure = roleProcedure('inspector', 'team_leader', 'supervisor');
/** 抽查 is the supervisor's: they check the 销号 of their region. */
const supervisorProcedure = roleProcedure('supervisor');

const spotCheckRouter = router({
  draw: supervisorProcedure
    .input(SpotCheckDrawInput)
    .mutation(({ ctx, input }) =>
      drawSpotCheck(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  list: supervisorProcedure.query(({ ctx }) => listSpotChecks(ctx.deps.db, ctx.session.user)),
  get: supervisorProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) => getSpotCheck(ctx.deps.db, ctx.session.user, input.id)),
  toPlans: supervisorProcedure
    .input(SpotCheckPlanInput)
    .mutation(({ ctx, input }) =>
      spotCheckToPlans(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});

export const ledgerRouter = router({
  /** The 整改台账 items a signed 约谈's 表态 became. */
  ofTalk: authedProcedure
    .input(z.object({ talkId: Id }))
    .query(({ ctx, input }) => ledgerItemsOfTalk(ctx.deps.db, ctx.session.user, input.talkId)),
  list: ledgerProcedure
    .input(LedgerListInput)
    .query(({ ctx, input }) =>
      listLedger(ctx.deps.db, ctx.session.user, input, ctx.deps.clock.now()),
    ),
  get: ledgerProcedure
    .input(ByIdInput)
    .query(({ ctx, input }) =>
      getLedgerItem(ctx.deps.db, ctx.session.user, input.id, ctx.deps.clock.now()),
    ),
  transition: ledgerProcedure
    .input(LedgerTransitionInput)
    .mutation(({ ctx, input }) =>
      transitionLedgerItem(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  spotCheck: spotCheckRouter,
  /** 以案促改: the case of an item pushed to similar units, one new item each. */
  typicalCase: supervisorProcedure
    .input(LedgerTypicalCaseInput)
    .mutation(({ ctx, input }) =>
      pushTypicalCase(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
  assign: ledgerProcedure
    .input(LedgerAssignInput)
    .mutation(({ ctx, input }) =>
      assignLedgerItem(ctx.deps, { user: ctx.session.user, req: ctx.req }, input),
    ),
});
