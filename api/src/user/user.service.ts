import type { User, UserCreateInput, UserUpdateInput } from '@ducha/shared';
import type { RequestMeta } from '../trpc/context';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import type { UserRow } from '../db/schema';
import type { SessionUser } from '../auth/session.service';
import { deleteUserSessions } from '../auth/session.service';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit/audit.service';
import { AppError, invalidFields, notFound, type FieldIssue } from '../trpc/errors';
import { sqlState, UNIQUE_VIOLATION } from '../db/errors';

const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'locale',
  'unit_id',
  'scope_unit_id',
  'disabled_at',
  'created_at',
] as const;

type UserListRow = Pick<UserRow, (typeof USER_COLUMNS)[number]>;

function toUser(r: UserListRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    locale: r.locale,
    unitId: r.unit_id,
    scopeUnitId: r.scope_unit_id,
    disabled: r.disabled_at !== null,
    createdAt: r.created_at.toISOString(),
  };
}

/** Who did it, for the audit trail. */
export interface Actor {
  user: SessionUser;
  req: RequestMeta;
}

function auditBase(actor: Actor, at: Date) {
  return {
    at,
    actorId: actor.user.id,
    actorRole: actor.user.role,
    requestId: actor.req.requestId,
    ip: actor.req.ip,
  };
}

async function missingUnits(
  db: Database,
  refs: { path: string; id: string | null | undefined }[],
): Promise<FieldIssue[]> {
  const ids = refs.map((r) => r.id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return [];
  const found = new Set(
    (await db.selectFrom('units').select('id').where('id', 'in', ids).execute()).map((u) => u.id),
  );
  return refs
    .filter((r) => typeof r.id === 'string' && !found.has(r.id))
    .map((r) => ({ path: r.path, messageKey: 'common.not_found' as const }));
}

export async function listUsers(db: Database): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('username').execute();
  return rows.map(toUser);
}

export async function createUser(deps: AppDeps, actor: Actor, input: UserCreateInput) {
  const { db, clock } = deps;
  const issues = await missingUnits(db, [
    { path: 'unitId', id: input.unitId },
    { path: 'scopeUnitId', id: input.scopeUnitId },
  ]);
  if (issues.length > 0) throw invalidFields(issues);
  const passwordHash = await hashPassword(input.password);
  const now = clock.now();
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('users')
        .values({
          username: input.username.toLowerCase(),
          display_name: input.displayName,
          password_hash: passwordHash,
          role: input.role,
          locale: input.locale,
          unit_id: input.unitId,
          scope_unit_id: input.role === 'supervisor' ? input.scopeUnitId : null,
          created_at: now,
          updated_at: now,
        })
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        ...auditBase(actor, now),
        action: 'user.create',
        entity: 'user',
        entityId: row.id,
        details: { role: row.role },
      });
      return toUser(row);
    });
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) {
      throw new AppError('CONFLICT', 'user.username_taken', { cause: err });
    }
    throw err;
  }
}

export async function updateUser(deps: AppDeps, actor: Actor, input: UserUpdateInput) {
  const { db, clock } = deps;
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('id', '=', input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();

    const role = input.role ?? current.role;
    // Scope only means something for supervisors; other roles reach units through their teams.
    const scopeUnitId =
      role === 'supervisor'
        ? input.scopeUnitId !== undefined
          ? input.scopeUnitId
          : current.scope_unit_id
        : null;
    const issues = await missingUnits(tx, [
      { path: 'unitId', id: input.unitId },
      { path: 'scopeUnitId', id: input.scopeUnitId },
    ]);
    if (role === 'supervisor' && !scopeUnitId) {
      issues.push({ path: 'scopeUnitId', messageKey: 'validation.scope_required' });
    }
    if (issues.length > 0) throw invalidFields(issues);
    if (input.id === actor.user.id && role !== current.role) {
      // An administrator demoting themselves could leave nobody able to manage accounts.
      throw new AppError('FORBIDDEN', 'auth.forbidden');
    }

    const row = await tx
      .updateTable('users')
      .set({
        role,
        display_name: input.displayName ?? current.display_name,
        unit_id: input.unitId !== undefined ? input.unitId : current.unit_id,
        scope_unit_id: scopeUnitId,
        updated_at: now,
      })
      .where('id', '=', input.id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    const changed = (['role', 'display_name', 'unit_id', 'scope_unit_id'] as const).filter(
      (k) => row[k] !== current[k],
    );
    await recordAudit(tx, {
      ...auditBase(actor, now),
      action: 'user.update',
      entity: 'user',
      entityId: row.id,
      details: { changed, role: row.role },
    });
    return toUser(row);
  });
}

/**
 * Disabling ends every session of the user in the same transaction, so the very next request
 * with their cookie is anonymous, and the login refuses them from then on.
 */
export async function setUserDisabled(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; disabled: boolean },
): Promise<User> {
  const { db, clock } = deps;
  if (input.id === actor.user.id && input.disabled) {
    throw new AppError('BAD_REQUEST', 'user.cannot_disable_self');
  }
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('users')
      .select(['id', 'disabled_at'])
      .where('id', '=', input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    const row = await tx
      .updateTable('users')
      .set({
        disabled_at: input.disabled ? (current.disabled_at ?? now) : null,
        updated_at: now,
      })
      .where('id', '=', input.id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    const endedSessions = input.disabled ? await deleteUserSessions(tx, input.id) : 0;
    await recordAudit(tx, {
      ...auditBase(actor, now),
      action: input.disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: row.id,
      details: { endedSessions },
    });
    return toUser(row);
  });
}

/**
 * Sets a new password chosen by an administrator and ends every session of the user, so
 * whoever held the old password is signed out everywhere. Not for one's own account: that goes
 * through the ordinary sign-in with the current password.
 */
export async function resetUserPassword(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; password: string },
): Promise<User> {
  if (input.id === actor.user.id) throw new AppError('FORBIDDEN', 'auth.forbidden');
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', input.id)
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    if (!row) throw notFound();
    const endedSessions = await deleteUserSessions(tx, input.id);
    await recordAudit(tx, {
      ...auditBase(actor, now),
      action: 'user.reset_password',
      entity: 'user',
      entityId: row.id,
      details: { endedSessions },
    });
    return toUser(row);
  });
}
