import type { SessionUser } from '../auth/session.service';
import { planReviewableBy } from '../authz/policy';
import type { Database } from '../db/database';

/*
 * Whose visits a reviewer reads: those of the plans the policy lets them review (a supervisor
 * within their scope, a 四不两直 plan only once revealed; a team leader for their own team). One
 * subquery, so every review read and decision asks the same question.
 */
export function reviewablePlanIds(db: Database, user: SessionUser) {
  return db.selectFrom('plans').select('plans.id').where(planReviewableBy(user));
}
