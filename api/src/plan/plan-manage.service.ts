import { sql } from 'kysely';
import type {
  PlanAssignInput,
  PlanManageCreateInput,
  PlanManageListInput,
  PlanManagePage,
  PlanManageRow,
  PlanManageUpdateInput,
  PlanningTeam,
} from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import type { SessionUser } from '../auth/session.service';
import { planManageableBy, planVisibleTo, teamPlannableBy, unitPlannableBy } from '../authz/policy';
import { auditBy, recordAudit } from '../audit/audit.service';
import { AppError, invalidFields, notFound, type FieldIssue } from '../trpc/errors';
import type { Actor } from '../user/user.service';

/*
 * Planning in the console (authz/policy.ts, "Planning"). A plan the caller may not see answers
 * like a missing one everywhere here, errors included: its id as a follow-up target, its edit,
 * its cancellation. Audit details hold ids, kinds and counts — never a confidential plan's
 * target. Access changes for devices (a team reassigned, a target moved, secrecy lifted) follow
 * from the plans triggers (migrations 0002, 0004).
 */

/** The rows of the console list, with whether the caller may manage each. */
function manageRows(db: Database, user: SessionUser) {
  return db
    .selectFrom('plans')
    .innerJoin('units', 'units.id', 'plans.target_unit_id')
    .innerJoin('teams', 'teams.id', 'plans.team_id')
    .innerJoin('users as creator', 'creator.id', 'plans.created_by')
    .innerJoin('templates as tpl', (j) =>
      j
        .onRef('tpl.id', '=', 'plans.template_id')
        .onRef('tpl.version', '=', 'plans.template_version'),
    )
    .where(planVisibleTo(user));
}

type ListFilter = Omit<PlanManageListInput, 'page' | 'pageSize'> & { id?: string };

function filtered(db: Database, user: SessionUser, f: ListFilter) {
  let query = manageRows(db, user);
  if (f.id) query = query.where('plans.id', '=', f.id);
  if (f.kind) query = query.where('plans.kind', '=', f.kind);
  if (f.status) query = query.where('plans.status', '=', f.status);
  if (f.teamId) query = query.where('plans.team_id', '=', f.teamId);
  if (f.windowFrom) query = query.where('plans.window_end', '>=', f.windowFrom);
  if (f.windowTo) query = query.where('plans.window_start', '<=', f.windowTo);
  if (f.unitId) {
    const root = f.unitId;
    query = query.where(
      sql<boolean>`units.path like (select r.path from units r where r.id = ${root}) || '%'`,
    );
  }
  return query;
}

async function selectRows(
  db: Database,
  user: SessionUser,
  f: ListFilter,
  page: { limit: number; offset: number },
): Promise<PlanManageRow[]> {
  const rows = await filtered(db, user, f)
    .select((eb) => [
      'plans.id',
      'plans.title',
      'plans.kind',
      'plans.status',
      'plans.confidential',
      'plans.target_unit_id',
      'units.name as target_unit_name',
      'plans.team_id',
      'teams.name as team_name',
      'plans.window_start',
      'plans.window_end',
      'plans.template_id',
      'plans.template_version',
      'tpl.title as template_title',
      'plans.description',
      'plans.follow_up_of_plan_id',
      'plans.created_by',
      'creator.display_name as creator_name',
      eb
        .exists(
          eb
            .selectFrom('plans as m')
            .select('m.id')
            .whereRef('m.id', '=', 'plans.id')
            .where((meb) => planManageableBy(user)(meb as never)),
        )
        .as('can_manage'),
    ])
    .orderBy('plans.window_start', 'desc')
    .orderBy('plans.title')
    .orderBy('plans.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    confidential: r.confidential,
    targetUnit: { id: r.target_unit_id, name: r.target_unit_name },
    team: { id: r.team_id, name: r.team_name },
    windowStart: r.window_start,
    windowEnd: r.window_end,
    templateId: r.template_id,
    templateVersion: r.template_version,
    templateTitle: r.template_title,
    description: r.description,
    followUpOfPlanId: r.follow_up_of_plan_id,
    createdBy: { id: r.created_by, name: r.creator_name },
    canManage: Boolean(r.can_manage),
  }));
}

/** The console's plan list: what the caller sees (secrecy included), filtered, a page at a time. */
export async function listManagedPlans(
  db: Database,
  user: SessionUser,
  input: PlanManageListInput,
): Promise<PlanManagePage> {
  const { page, pageSize, ...filter } = input;
  const counted = await filtered(db, user, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await selectRows(db, user, filter, {
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { rows, total: Number(counted.n), page, pageSize };
}

/** One row of the console list; not found unless the caller sees the plan. */
export async function managedPlan(
  db: Database,
  user: SessionUser,
  id: string,
): Promise<PlanManageRow> {
  const [row] = await selectRows(db, user, { id }, { limit: 1, offset: 0 });
  if (!row) throw notFound();
  return row;
}

/** The teams the caller may give a plan to, with their people by name. */
export async function planningTeams(db: Database, user: SessionUser): Promise<PlanningTeam[]> {
  const teams = await db
    .selectFrom('teams')
    .select(['teams.id', 'teams.name'])
    .where(teamPlannableBy(user))
    .orderBy('teams.name')
    .execute();
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['team_members.team_id', 'team_members.is_leader', 'users.display_name'])
    .where(
      'team_members.team_id',
      'in',
      teams.map((t) => t.id),
    )
    .orderBy('team_members.is_leader', 'desc')
    .orderBy('users.username')
    .execute();
  return teams.map((t) => {
    const own = members.filter((m) => m.team_id === t.id);
    return {
      id: t.id,
      name: t.name,
      leaderName: own.find((m) => m.is_leader)?.display_name ?? null,
      memberNames: own.map((m) => m.display_name),
    };
  });
}

interface Refs {
  targetUnitId: string;
  teamId?: string;
  templateId: string;
  followUpOfPlanId: string | null;
}

/**
 * Checks what a plan refers to, as the caller may see it: a unit outside their reach, a team
 * they may not plan for, an earlier plan they cannot see all answer "not found" for that field.
 * Returns the latest version of the template (the one a new plan pins).
 */
async function checkRefs(
  db: Database,
  user: SessionUser,
  refs: Refs,
  selfId: string | null,
): Promise<{ latestVersion: number | null }> {
  const issues: FieldIssue[] = [];
  const unit = await db
    .selectFrom('units')
    .select('id')
    .where('id', '=', refs.targetUnitId)
    .where(unitPlannableBy(user))
    .executeTakeFirst();
  if (!unit) issues.push({ path: 'targetUnitId', messageKey: 'common.not_found' });
  if (refs.teamId !== undefined) {
    const team = await db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', refs.teamId)
      .where(teamPlannableBy(user))
      .executeTakeFirst();
    if (!team) {
      const exists = await db
        .selectFrom('teams')
        .select('id')
        .where('id', '=', refs.teamId)
        .executeTakeFirst();
      issues.push({
        path: 'teamId',
        messageKey: exists ? 'plan.team_not_led' : 'common.not_found',
      });
    }
  }
  // Share-locked so a concurrent edit of this version (template-write.service) sees the pin.
  const template = await db
    .selectFrom('templates as t')
    .leftJoin('template_archives as a', 'a.template_id', 't.id')
    .select(['t.version', 'a.archived_at'])
    .where('t.id', '=', refs.templateId)
    .orderBy('t.version', 'desc')
    .limit(1)
    .forShare('t')
    .executeTakeFirst();
  if (!template) issues.push({ path: 'templateId', messageKey: 'common.not_found' });
  else if (template.archived_at !== null) {
    issues.push({ path: 'templateId', messageKey: 'template.archived' });
  }
  if (refs.followUpOfPlanId !== null) {
    if (refs.followUpOfPlanId === selfId) {
      issues.push({ path: 'followUpOfPlanId', messageKey: 'plan.follow_up_self' });
    } else {
      const earlier = await db
        .selectFrom('plans')
        .select('id')
        .where('id', '=', refs.followUpOfPlanId)
        .where(planVisibleTo(user))
        .executeTakeFirst();
      if (!earlier) issues.push({ path: 'followUpOfPlanId', messageKey: 'common.not_found' });
    }
  }
  if (issues.length > 0) throw invalidFields(issues);
  return { latestVersion: template?.version ?? null };
}

const confidentialFor = (kind: string, asked: boolean) => kind === 'unannounced' || asked;

export async function createPlan(
  deps: AppDeps,
  actor: Actor,
  input: PlanManageCreateInput,
): Promise<PlanManageRow> {
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (tx) => {
    const { latestVersion } = await checkRefs(tx, actor.user, input, null);
    const row = await tx
      .insertInto('plans')
      .values({
        title: input.title,
        kind: input.kind,
        status: 'planned',
        confidential: confidentialFor(input.kind, input.confidential),
        target_unit_id: input.targetUnitId,
        team_id: input.teamId,
        window_start: input.windowStart,
        window_end: input.windowEnd,
        template_id: input.templateId,
        template_version: latestVersion!,
        description: input.description,
        follow_up_of_plan_id: input.followUpOfPlanId,
        created_by: actor.user.id,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'confidential'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'plan.create',
      entity: 'plan',
      entityId: row.id,
      details: {
        kind: input.kind,
        confidential: row.confidential,
        teamId: input.teamId,
        templateVersion: latestVersion,
      },
    });
    return row.id;
  });
  return managedPlan(deps.db, actor.user, id);
}

/** Locks a plan the caller may manage, or answers not found. */
async function lockManaged(db: Database, user: SessionUser, id: string) {
  const plan = await db
    .selectFrom('plans')
    .selectAll()
    .where('plans.id', '=', id)
    .where(planManageableBy(user))
    .forUpdate()
    .executeTakeFirst();
  if (!plan) throw notFound();
  return plan;
}

export async function updatePlan(
  deps: AppDeps,
  actor: Actor,
  input: PlanManageUpdateInput,
): Promise<PlanManageRow> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const plan = await lockManaged(tx, actor.user, input.id);
    if (plan.status !== 'planned') throw new AppError('CONFLICT', 'plan.not_editable');
    if (plan.kind !== 'follow_up' && input.followUpOfPlanId !== null) {
      throw invalidFields([{ path: 'followUpOfPlanId', messageKey: 'plan.follow_up_only' }]);
    }
    const { latestVersion } = await checkRefs(tx, actor.user, input, plan.id);
    // The pinned version changes only when another template is chosen.
    const templateVersion =
      input.templateId === plan.template_id ? plan.template_version : latestVersion!;
    await tx
      .updateTable('plans')
      .set({
        title: input.title,
        confidential: confidentialFor(plan.kind, input.confidential),
        target_unit_id: input.targetUnitId,
        window_start: input.windowStart,
        window_end: input.windowEnd,
        template_id: input.templateId,
        template_version: templateVersion,
        description: input.description,
        follow_up_of_plan_id: input.followUpOfPlanId,
        updated_at: now,
      })
      .where('id', '=', plan.id)
      .execute();
    const changed = [
      plan.title !== input.title && 'title',
      plan.target_unit_id !== input.targetUnitId && 'targetUnitId',
      (plan.window_start !== input.windowStart || plan.window_end !== input.windowEnd) && 'window',
      (plan.template_id !== input.templateId || plan.template_version !== templateVersion) &&
        'template',
      plan.description !== input.description && 'description',
      plan.follow_up_of_plan_id !== input.followUpOfPlanId && 'followUpOfPlanId',
      plan.confidential !== confidentialFor(plan.kind, input.confidential) && 'confidential',
    ].filter((c): c is string => typeof c === 'string');
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'plan.update',
      entity: 'plan',
      entityId: plan.id,
      details: { changed },
    });
  });
  return managedPlan(deps.db, actor.user, input.id);
}

/** Gives a plan not yet started to another team; devices follow (migration 0002's trigger). */
export async function assignPlan(
  deps: AppDeps,
  actor: Actor,
  input: PlanAssignInput,
): Promise<PlanManageRow> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const plan = await lockManaged(tx, actor.user, input.id);
    if (plan.status !== 'planned') throw new AppError('CONFLICT', 'plan.not_editable');
    const team = await tx
      .selectFrom('teams')
      .select('id')
      .where('id', '=', input.teamId)
      .where(teamPlannableBy(actor.user))
      .executeTakeFirst();
    if (!team) throw invalidFields([{ path: 'teamId', messageKey: 'common.not_found' }]);
    await tx
      .updateTable('plans')
      .set({ team_id: input.teamId, updated_at: now })
      .where('id', '=', plan.id)
      .execute();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'plan.assign',
      entity: 'plan',
      entityId: plan.id,
      details: { fromTeamId: plan.team_id, toTeamId: input.teamId },
    });
  });
  return managedPlan(deps.db, actor.user, input.id);
}

export async function cancelPlan(deps: AppDeps, actor: Actor, id: string): Promise<PlanManageRow> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const plan = await lockManaged(tx, actor.user, id);
    if (plan.status === 'done' || plan.status === 'cancelled') {
      throw new AppError('CONFLICT', 'plan.not_cancellable');
    }
    await tx
      .updateTable('plans')
      .set({ status: 'cancelled', updated_at: now })
      .where('id', '=', plan.id)
      .execute();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'plan.cancel',
      entity: 'plan',
      entityId: plan.id,
      details: { from: plan.status },
    });
  });
  return managedPlan(deps.db, actor.user, id);
}
