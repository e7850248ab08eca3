import type {
  TeamCreateInput,
  TeamListItem,
  TeamRenameInput,
  TeamSetMembersInput,
} from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import { recordAudit } from '../audit/audit.service';
import { AppError, invalidFields, notFound, type FieldIssue } from '../trpc/errors';
import { sqlState, UNIQUE_VIOLATION } from '../db/errors';
import type { Actor } from '../user/user.service';

async function loadTeams(db: Database, ids?: string[]): Promise<TeamListItem[]> {
  let teamsQuery = db.selectFrom('teams').select(['id', 'name', 'unit_id']).orderBy('name');
  if (ids) teamsQuery = teamsQuery.where('id', 'in', ids);
  const teams = await teamsQuery.execute();
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select([
      'team_members.team_id',
      'team_members.is_leader',
      'users.id',
      'users.display_name',
      'users.role',
    ])
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
      unitId: t.unit_id,
      leaderId: own.find((m) => m.is_leader)?.id ?? null,
      memberIds: own.map((m) => m.id),
      members: own.map((m) => ({ id: m.id, displayName: m.display_name, role: m.role })),
    };
  });
}

export function listTeams(db: Database): Promise<TeamListItem[]> {
  return loadTeams(db);
}

async function checkRefs(
  db: Database,
  unitId: string | null,
  memberIds: string[],
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (unitId) {
    const unit = await db
      .selectFrom('units')
      .select('id')
      .where('id', '=', unitId)
      .executeTakeFirst();
    if (!unit) issues.push({ path: 'unitId', messageKey: 'common.not_found' });
  }
  if (memberIds.length > 0) {
    const found = await db.selectFrom('users').select('id').where('id', 'in', memberIds).execute();
    if (found.length !== new Set(memberIds).size) {
      issues.push({ path: 'memberIds', messageKey: 'common.not_found' });
    }
  }
  return issues;
}

async function writeMembers(
  db: Database,
  teamId: string,
  memberIds: string[],
  leaderId: string | null,
) {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (memberIds.length === 0) return;
  await db
    .insertInto('team_members')
    .values(
      memberIds.map((userId) => ({
        team_id: teamId,
        user_id: userId,
        is_leader: userId === leaderId,
      })),
    )
    .execute();
}

export async function createTeam(
  deps: AppDeps,
  actor: Actor,
  input: TeamCreateInput,
): Promise<TeamListItem> {
  const { db, clock } = deps;
  const issues = await checkRefs(db, input.unitId, input.memberIds);
  if (issues.length > 0) throw invalidFields(issues);
  const now = clock.now();
  try {
    const id = await db.transaction().execute(async (tx) => {
      const team = await tx
        .insertInto('teams')
        .values({ name: input.name, unit_id: input.unitId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeMembers(tx, team.id, input.memberIds, input.leaderId);
      await recordAudit(tx, {
        at: now,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        action: 'team.create',
        entity: 'team',
        entityId: team.id,
        requestId: actor.req.requestId,
        ip: actor.req.ip,
        details: { memberCount: input.memberIds.length },
      });
      return team.id;
    });
    const [team] = await loadTeams(db, [id]);
    if (!team) throw notFound();
    return team;
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) {
      throw new AppError('CONFLICT', 'team.name_taken', { cause: err });
    }
    throw err;
  }
}

/** Replaces the members and the leader at once. Plan visibility follows immediately. */
export async function setTeamMembers(
  deps: AppDeps,
  actor: Actor,
  input: TeamSetMembersInput,
): Promise<TeamListItem> {
  const { db, clock } = deps;
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    const team = await tx
      .selectFrom('teams')
      .select('id')
      .where('id', '=', input.teamId)
      .forUpdate()
      .executeTakeFirst();
    if (!team) throw notFound();
    const issues = await checkRefs(tx, null, input.memberIds);
    if (issues.length > 0) throw invalidFields(issues);
    await writeMembers(tx, input.teamId, input.memberIds, input.leaderId);
    await tx.updateTable('teams').set({ updated_at: now }).where('id', '=', input.teamId).execute();
    await recordAudit(tx, {
      at: now,
      actorId: actor.user.id,
      actorRole: actor.user.role,
      action: 'team.set_members',
      entity: 'team',
      entityId: input.teamId,
      requestId: actor.req.requestId,
      ip: actor.req.ip,
      details: { memberCount: input.memberIds.length },
    });
  });
  const [team] = await loadTeams(db, [input.teamId]);
  if (!team) throw notFound();
  return team;
}

/** Renames a team (and sets the unit it belongs to, when given). */
export async function renameTeam(
  deps: AppDeps,
  actor: Actor,
  input: TeamRenameInput,
): Promise<TeamListItem> {
  const { db, clock } = deps;
  const now = clock.now();
  try {
    await db.transaction().execute(async (tx) => {
      const team = await tx
        .selectFrom('teams')
        .select(['id', 'unit_id'])
        .where('id', '=', input.teamId)
        .forUpdate()
        .executeTakeFirst();
      if (!team) throw notFound();
      const unitId = input.unitId === undefined ? team.unit_id : input.unitId;
      const issues = await checkRefs(tx, unitId, []);
      if (issues.length > 0) throw invalidFields(issues);
      await tx
        .updateTable('teams')
        .set({ name: input.name, unit_id: unitId, updated_at: now })
        .where('id', '=', input.teamId)
        .execute();
      await recordAudit(tx, {
        at: now,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        action: 'team.update',
        entity: 'team',
        entityId: input.teamId,
        requestId: actor.req.requestId,
        ip: actor.req.ip,
        details: { unitId },
      });
    });
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) {
      throw new AppError('CONFLICT', 'team.name_taken', { cause: err });
    }
    throw err;
  }
  const [team] = await loadTeams(db, [input.teamId]);
  if (!team) throw notFound();
  return team;
}
