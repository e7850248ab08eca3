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
 * Templates — checklists are not secret: every signed-in user may read every version. Supervisors
 * and administrators write them (create, edit as a new version, archive, import): a checklist is
 * a standard, set above the teams that apply it (canWriteTemplates).
 *
 * Planning (plan.manage.*) — supervisors and team leaders plan; administrators keep accounts, not
 * the substance of the work, and inspectors carry plans out.
 *   - A supervisor plans for units in their scope subtree (the target must be a unit they see)
 *     and may give the plan to any team.
 *   - A team leader plans only for a team they lead; the target may be any unit (leaders see the
 *     whole directory, and teams are sent anywhere). Reassigning is to another team they lead.
 *   - Editing, reassigning and cancelling a plan (planManageableBy): the caller must see the plan
 *     (the rule above: a 四不两直 plan under secrecy only by its team and its creator) AND either
 *     be a supervisor whose scope holds its target, or lead its team. So a supervisor of the
 *     region does not learn of a colleague's unannounced visit by trying to edit it: NOT_FOUND.
 *   - The earlier plan a 回头看 re-checks must be one the planner sees.
 *
 * 一书双卡 (responsibility books) — supervisors for the units of their scope subtree, and
 * administrators for every unit (bookUnitsFor): the books are set with the units' leadership.
 *
 * Review — returning a submitted visit: a supervisor who may see the plan, or the leader of its
 * team (planReviewableBy).
 *
 * Users, teams and the unit tree — administrators only (see adminProcedure in trpc/init.ts).
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

/** Who plans visits (plan.manage.*). */
export const PLANNER_ROLES = ['supervisor', 'team_leader'] as const;

/** Who writes checklist templates. */
export const TEMPLATE_WRITER_ROLES = ['supervisor', 'admin'] as const;

/** Who keeps the units' responsibility books (一书双卡). */
export const BOOK_KEEPER_ROLES = ['supervisor', 'admin'] as const;

export function canWriteTemplates(user: Pick<SessionUser, 'role'>): boolean {
  return (TEMPLATE_WRITER_ROLES as readonly string[]).includes(user.role);
}

/** WHERE clause for `selectFrom('units')`: the units `user` may choose as a plan's target. */
export function unitPlannableBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'units'>): Expression<SqlBool> => {
    if (user.role === 'team_leader') return eb.lit(true);
    if (user.role === 'supervisor' && user.scopeUnitId) {
      return inSubtree(eb.ref('units.id'), user.scopeUnitId);
    }
    return eb.lit(false);
  };
}

/** WHERE clause for `selectFrom('teams')`: the teams `user` may give a plan to. */
export function teamPlannableBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'teams'>): Expression<SqlBool> => {
    if (user.role === 'supervisor') return eb.lit(true);
    if (user.role !== 'team_leader') return eb.lit(false);
    return eb.exists(
      eb
        .selectFrom('team_members')
        .select('team_members.user_id')
        .whereRef('team_members.team_id', '=', 'teams.id')
        .where('team_members.user_id', '=', user.id)
        .where('team_members.is_leader', '=', true),
    );
  };
}

/** WHERE clause for `selectFrom('plans')`: plans `user` may edit, reassign and cancel. */
export function planManageableBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'plans'>): Expression<SqlBool> => {
    const visible = planVisibleTo(user)(eb);
    if (user.role === 'supervisor' && user.scopeUnitId) {
      return eb.and([visible, inSubtree(eb.ref('plans.target_unit_id'), user.scopeUnitId)]);
    }
    if (user.role === 'team_leader') {
      const leads = eb.exists(
        eb
          .selectFrom('team_members')
          .select('team_members.user_id')
          .whereRef('team_members.team_id', '=', 'plans.team_id')
          .where('team_members.user_id', '=', user.id)
          .where('team_members.is_leader', '=', true),
      );
      return eb.and([visible, leads]);
    }
    return eb.lit(false);
  };
}

/** WHERE clause for `selectFrom('units')`: units whose responsibility books `user` keeps. */
export function bookUnitsFor(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, 'units'>): Expression<SqlBool> => {
    if (isAdmin(user)) return eb.lit(true);
    if (user.role === 'supervisor' && user.scopeUnitId) {
      return inSubtree(eb.ref('units.id'), user.scopeUnitId);
    }
    return eb.lit(false);
  };
}
