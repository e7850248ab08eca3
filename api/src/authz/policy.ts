import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { PlanStatus } from '@ducha/shared';
import type { DB } from '../db/schema';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { attachmentDb } from '../attachments/attachment.tables';

/*
 * THE authorization rules of Ducha. Every procedure that reads or changes a record asks this
 * module, and every rule is applied inside the SQL query, so a record the caller may not see is
 * never loaded and answers exactly like a missing one (see trpc/errors.ts `notFound`).
 *
 * Units — the organisation chart is not secret (what is secret is which unit a visit targets):
 *   admin, inspector, team leader: every unit (teams are sent anywhere; findings name units
 *   concerned beyond the target). Supervisor: the subtree of their scope unit, themselves included.
 *
 * Plans — a plan is visible when ANY of these holds:
 *   1. the caller is a member of the plan's team (any role; leaders are members);
 *   2. the caller created the plan;
 *   3. the plan is not under secrecy AND (the caller is an admin, OR a supervisor whose scope
 *      subtree contains the target unit).
 *   "Under secrecy" = confidential (always for 四不两直) and not yet carried out — status planned,
 *   in_progress or cancelled, and no visit of it submitted yet (`revealed_at`). Until the visit
 *   only the team (and whoever planned it) may learn the target: not other inspectors, not
 *   supervisors of the region, not administrators. Once a visit is submitted (or the plan is
 *   done) the unit knows it was visited, and the plan follows rule 3 like any other, so its
 *   supervisors can review the findings.
 *
 * Templates — checklists are not secret: every signed-in user may read every version.
 *
 * Review — returning a submitted visit: a supervisor who may see the plan, or the leader of its
 * team (planReviewableBy).
 *
 * Users and teams — administrators only (see adminProcedure in trpc/init.ts).
 */

export const SECRET_WHILE: readonly PlanStatus[] = ['planned', 'in_progress', 'cancelled'];

export function isAdmin(user: Pick<SessionUser, 'role'>): boolean {
  return user.role === 'admin';
}

/** Whether `user` sees the whole unit tree (otherwise: the subtree of their scope unit). */
export function seesAllUnits(user: Pick<SessionUser, 'role'>): boolean {
  return user.role !== 'supervisor';
}

/** `unitIdColumn` lies in the subtree rooted at `scopeUnitId` (materialised paths, see 0001). */
function inSubtree(unitIdColumn: Expression<string>, scopeUnitId: string) {
  return sql<SqlBool>`exists (
    select 1 from units as scope_root
    join units as scoped on scoped.path like scope_root.path || '%'
    where scope_root.id = ${scopeUnitId} and scoped.id = ${unitIdColumn}
  )`;
}

/** WHERE clause for `selectFrom('units')`: the units `user` may see. */
export function unitVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'units'>): Expression<SqlBool> => {
    if (seesAllUnits(user)) return eb.lit(true);
    if (!user.scopeUnitId) return eb.lit(false);
    return inSubtree(eb.ref('units.id'), user.scopeUnitId);
  };
}

/** WHERE clause for `selectFrom('plans')`: the plans `user` may see. */
export function planVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'plans'>): Expression<SqlBool> => {
    const grants: Expression<SqlBool>[] = [eb('plans.created_by', '=', user.id)];
    if (user.teamIds.length > 0) grants.push(eb('plans.team_id', 'in', user.teamIds));

    const openPlan = eb.or([
      eb('plans.confidential', '=', false),
      eb('plans.revealed_at', 'is not', null),
      eb('plans.status', 'not in', [...SECRET_WHILE]),
    ]);
    if (isAdmin(user)) {
      grants.push(openPlan);
    } else if (user.role === 'supervisor' && user.scopeUnitId) {
      grants.push(eb.and([openPlan, inSubtree(eb.ref('plans.target_unit_id'), user.scopeUnitId)]));
    }
    return eb.or(grants);
  };
}

/**
 * Reviewing a visit (sending it back to its team): a supervisor who may see the plan, or the
 * leader of the plan's team. Not the team's other members, whatever their write access, and not
 * an administrator (accounts, not the substance of the work).
 */
export function planReviewableBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'plans'>): Expression<SqlBool> => {
    const visible = planVisibleTo(user)(eb);
    if (user.role === 'supervisor') return visible;
    const leads = eb.exists(
      eb
        .selectFrom('team_members')
        .select('team_members.user_id')
        .whereRef('team_members.team_id', '=', 'plans.team_id')
        .where('team_members.user_id', '=', user.id)
        .where('team_members.is_leader', '=', true),
    );
    return eb.and([visible, leads]);
  };
}

/**
 * Files (attachments, addressed by SHA-256) — readable by whoever uploaded them, and by whoever
 * may see a plan that references them (`file_refs`, written by sync when an attachment record is
 * applied). Plan visibility is the rule above, secrecy included. False for a file not stored.
 */
export async function canReadFile(
  db: Database,
  user: SessionUser,
  sha256: string,
): Promise<boolean> {
  const adb = attachmentDb(db);
  const row = await adb
    .selectFrom('files')
    .select('files.sha256')
    .where('files.sha256', '=', sha256)
    .where((eb) =>
      eb.or([
        eb('files.uploaded_by', '=', user.id),
        eb.exists(
          db
            .selectFrom('plans')
            .select('plans.id')
            .where(planVisibleTo(user))
            .where(
              'plans.id',
              'in',
              adb
                .selectFrom('file_refs')
                .select('file_refs.plan_id')
                .where('file_refs.sha256', '=', sha256),
            ),
        ),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
