import { sql } from 'kysely';
import type { Locale, Role } from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import { hashSessionToken, isWellFormedToken, newSessionToken } from './session-token';

/** The signed-in caller as every procedure and the policy see them. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  locale: Locale;
  unitId: string | null;
  scopeUnitId: string | null;
  teamIds: string[];
}

export interface ActiveSession {
  id: string;
  expiresAt: Date;
  user: SessionUser;
}

export type SessionLookup =
  { state: 'none' } | { state: 'expired' } | { state: 'valid'; session: ActiveSession };

/** last_seen_at is written at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(
  db: Database,
  args: {
    userId: string;
    now: Date;
    absoluteMs: number;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(args.now.getTime() + args.absoluteMs);
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashSessionToken(token),
      user_id: args.userId,
      created_at: args.now,
      last_seen_at: args.now,
      expires_at: expiresAt,
      ip: args.ip,
      user_agent: args.userAgent?.slice(0, 512) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

export async function loadSessionUser(db: Database, userId: string): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'locale', 'unit_id', 'scope_unit_id'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  const teams = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('user_id', '=', userId)
    .orderBy('team_id')
    .execute();
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    locale: user.locale,
    unitId: user.unit_id,
    scopeUnitId: user.scope_unit_id,
    teamIds: teams.map((t) => t.team_id),
  };
}

/**
 * Resolves a cookie token. Idle and absolute expiry are checked against the injected clock on
 * every request; an expired session is deleted on sight. A disabled user has no sessions left
 * (disabling deletes them), and the join on `disabled_at` covers any race with that.
 */
export async function resolveSession(deps: AppDeps, token: string | null): Promise<SessionLookup> {
  if (!token) return { state: 'none' };
  if (!isWellFormedToken(token)) return { state: 'expired' };
  const { db, clock, config } = deps;
  const now = clock.now();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.disabled_at',
      'users.username',
      'users.display_name',
      'users.role',
      'users.locale',
      'users.unit_id',
      'users.scope_unit_id',
    ])
    // The caller's teams in the same round trip: this runs on every request (a sync push or
    // pull), and on a loaded server each round trip costs more than the query itself.
    .select(
      sql<string[]>`array(select m.team_id::text from team_members m
        where m.user_id = users.id order by m.team_id)`.as('team_ids'),
    )
    .where('sessions.token_hash', '=', hashSessionToken(token))
    .executeTakeFirst();
  if (!row) return { state: 'expired' };
  const idleDeadline = row.last_seen_at.getTime() + config.session.idleMs;
  if (row.disabled_at || now >= row.expires_at || now.getTime() >= idleDeadline) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return { state: 'expired' };
  }
  const user: SessionUser = {
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    locale: row.locale,
    unitId: row.unit_id,
    scopeUnitId: row.scope_unit_id,
    teamIds: row.team_ids,
  };
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', row.id)
      .where('last_seen_at', '<', now)
      .execute();
  }
  return { state: 'valid', session: { id: row.id, expiresAt: row.expires_at, user } };
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Database, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
