import type { Credentials, Me } from '@ducha/shared';
import type { AppDeps } from '../deps';
import { recordAudit } from '../audit/audit.service';
import { AppError } from '../trpc/errors';
import type { RequestMeta } from '../trpc/context';
import { checkLoginAllowed, recordLoginAttempt } from './login-limit.service';
import { verifyAgainstDummy, verifyPassword } from './password';
import {
  createSession,
  deleteSession,
  loadSessionUser,
  type ActiveSession,
  type SessionUser,
} from './session.service';

export function toMe(user: SessionUser): Me {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    unitId: user.unitId,
    teamIds: user.teamIds,
  };
}

export interface LoginResult {
  user: Me;
  token: string;
  expiresAt: Date;
}

function invalidCredentials(): AppError {
  return new AppError('UNAUTHORIZED', 'auth.invalid_credentials');
}

/**
 * Checks the password and opens a fresh session (a new token every time, and the caller's
 * previous session, if any, is closed so a planted token cannot be carried across a login).
 */
export async function login(
  deps: AppDeps,
  req: RequestMeta,
  previousSessionId: string | null,
  input: Credentials,
): Promise<LoginResult> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const username = input.username.toLowerCase();

  const verdict = await checkLoginAllowed(db, config.loginLimit, now, username, req.ip);
  if (!verdict.allowed) {
    throw new AppError('TOO_MANY_REQUESTS', 'auth.rate_limited', {
      params: { retryAfterSeconds: verdict.retryAfterSeconds },
      data: { retryAfterSeconds: verdict.retryAfterSeconds },
    });
  }

  const account = await db
    .selectFrom('users')
    .select(['id', 'role', 'password_hash', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();

  let passwordOk = false;
  if (account) passwordOk = await verifyPassword(account.password_hash, input.password);
  else await verifyAgainstDummy(input.password);

  if (!account || !passwordOk || account.disabled_at) {
    const reason = !account ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'disabled';
    await db.transaction().execute(async (tx) => {
      await recordLoginAttempt(tx, { at: now, username, ip: req.ip, succeeded: false });
      await recordAudit(tx, {
        at: now,
        actorId: account?.id ?? null,
        actorRole: account?.role ?? null,
        action: 'auth.login_failed',
        entity: 'user',
        entityId: account?.id ?? null,
        requestId: req.requestId,
        ip: req.ip,
        details: { reason },
      });
    });
    // Only someone who knows the password learns that the account is disabled.
    if (account && passwordOk) throw new AppError('FORBIDDEN', 'auth.disabled');
    throw invalidCredentials();
  }

  const opened = await db.transaction().execute(async (tx) => {
    if (previousSessionId) await deleteSession(tx, previousSessionId);
    const session = await createSession(tx, {
      userId: account.id,
      now,
      absoluteMs: config.session.absoluteMs,
      ip: req.ip,
      userAgent: req.userAgent,
    });
    await recordLoginAttempt(tx, { at: now, username, ip: req.ip, succeeded: true });
    await recordAudit(tx, {
      at: now,
      actorId: account.id,
      actorRole: account.role,
      action: 'auth.login',
      entity: 'session',
      entityId: session.id,
      requestId: req.requestId,
      ip: req.ip,
    });
    return session;
  });

  const user = await loadSessionUser(db, account.id);
  if (!user) throw invalidCredentials();
  return { user: toMe(user), token: opened.token, expiresAt: opened.expiresAt };
}

export async function logout(
  deps: AppDeps,
  req: RequestMeta,
  session: ActiveSession | null,
): Promise<void> {
  if (!session) return;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await deleteSession(tx, session.id);
    await recordAudit(tx, {
      at: now,
      actorId: session.user.id,
      actorRole: session.user.role,
      action: 'auth.logout',
      entity: 'session',
      entityId: session.id,
      requestId: req.requestId,
      ip: req.ip,
    });
  });
}
