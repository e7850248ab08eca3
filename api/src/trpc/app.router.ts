import { authRouter } from '../auth/auth.router';
import { bookRouter } from '../book/book.router';
import { dashboardRouter } from '../dashboard/dashboard.router';
import { ledgerRouter } from '../ledger/ledger.router';
import { planRouter } from '../plan/plan.router';
import { reviewRouter } from '../review/review.router';
import { reportRouter } from '../report/report.router';
import { syncRouter } from '../sync/sync.router';
import { teamRouter } from '../team/team.router';
import { templateRouter } from '../template/template.router';
import { unitRouter } from '../unit/unit.router';
import { userRouter } from '../user/user.router';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  auth: authRouter,
  unit: unitRouter,
  plan: planRouter,
  template: templateRouter,
  user: userRouter,
  team: teamRouter,
  sync: syncRouter,
  ledger: ledgerRouter,
  book: bookRouter,
  review: reviewRouter,
  dashboard: dashboardRouter,
  report: reportRouter,
});

/** The API's type, imported (as a type only) by the web client. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
