import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  expectAppError,
  login,
  setupTestEnv,
  signedIn,
  type TestEnv,
} from '../test/harness';
import { AppError } from '../trpc/errors';
import { accountKey } from './login-limit.service';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.cleanup());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function userId(username: string): Promise<string> {
  const row = await env.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditActions(entityId: string | null = null) {
  let q = env.db.selectFrom('audit_events').select(['action', 'details', 'actor_id']);
  if (entityId) q = q.where('entity_id', '=', entityId);
  return q.orderBy('at').execute();
}

describe('auth.login', () => {
  it('opens a session for the right password and returns the caller', async () => {
    const { token, user, resHeaders } = await login(env.deps, 'inspector', { ip: '10.0.0.1' });
    expect(user).toMatchObject({ username: 'inspector', displayName: '张明', role: 'inspector' });
    expect(user.teamIds).toHaveLength(1);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const [cookie] = resHeaders.getSetCookie();
    expect(cookie).toMatch(/^ducha_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');

    const { caller } = await callerFor(env.deps, { token });
    expect(await caller.auth.me()).toEqual(user);
  });

  it('accepts the username in any case', async () => {
    const { user } = await login(env.deps, 'Inspector', { ip: '10.0.0.2' });
    expect(user.username).toBe('inspector');
  });

  it('uses the __Host- prefix and Secure over HTTPS', async () => {
    const { resHeaders } = await login(env.deps, 'leader', { ip: '10.0.0.3', secure: true });
    const [cookie] = resHeaders.getSetCookie();
    expect(cookie).toMatch(/^__Host-ducha_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain');
  });

  it('stores only a hash of the token', async () => {
    const { token } = await login(env.deps, 'leader', { ip: '10.0.0.4' });
    const hash = createHash('sha256').update(token).digest('hex');
    const rows = await env.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).toContain(hash);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('issues a new token at every login and closes the session it replaces', async () => {
    const first = await login(env.deps, 'chenjing', { ip: '10.0.0.5' });
    const second = await login(env.deps, 'chenjing', { ip: '10.0.0.5', token: first.token });
    expect(second.token).not.toBe(first.token);
    expect(await (await callerFor(env.deps, { token: first.token })).caller.auth.me()).toBeNull();
    expect(
      await (await callerFor(env.deps, { token: second.token })).caller.auth.me(),
    ).not.toBeNull();
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const { caller } = await callerFor(env.deps, { ip: '10.0.1.1' });
    const wrong = await expectAppError(
      caller.auth.login({ username: 'inspector', password: 'not-the-password' }),
      'UNAUTHORIZED',
      'auth.invalid_credentials',
    );
    const unknown = await expectAppError(
      caller.auth.login({ username: 'nobody-here', password: 'not-the-password' }),
      'UNAUTHORIZED',
      'auth.invalid_credentials',
    );
    expect(unknown.message).toBe(wrong.message);
    const failures = (await auditActions()).filter((a) => a.action === 'auth.login_failed');
    expect(failures.map((f) => f.details.reason)).toEqual(
      expect.arrayContaining(['wrong_password', 'unknown_user']),
    );
    // Nothing secret reaches the audit trail.
    expect(JSON.stringify(failures)).not.toContain('not-the-password');
  });

  it('does not expose whether a session cookie was forged', async () => {
    const { caller, resHeaders } = await callerFor(env.deps, { token: 'A'.repeat(22) });
    expect(await caller.auth.me()).toBeNull();
    await expectAppError(caller.unit.list(), 'UNAUTHORIZED', 'auth.session_expired');
    expect(resHeaders.getSetCookie()[0]).toMatch(/^ducha_session=;.*Max-Age=0/);
  });
});

describe('auth.me and auth.logout', () => {
  it('me is null without a session, and authed procedures refuse', async () => {
    const { caller } = await callerFor(env.deps);
    expect(await caller.auth.me()).toBeNull();
    await expectAppError(caller.plan.list(), 'UNAUTHORIZED', 'auth.unauthenticated');
  });

  it('logout deletes the session and clears the cookie', async () => {
    const { token } = await login(env.deps, 'liuyang', { ip: '10.0.2.1' });
    const { caller, resHeaders } = await callerFor(env.deps, { token });
    expect(await caller.auth.logout()).toEqual({ ok: true });
    expect(resHeaders.getSetCookie().at(-1)).toMatch(/^ducha_session=;.*Max-Age=0/);
    const after = await callerFor(env.deps, { token });
    expect(await after.caller.auth.me()).toBeNull();
    await expectAppError(after.caller.plan.list(), 'UNAUTHORIZED', 'auth.session_expired');
    const id = await userId('liuyang');
    const events = await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('actor_id', '=', id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.login', 'auth.logout']),
    );
  });

  it('logout without a session is harmless', async () => {
    const { caller } = await callerFor(env.deps);
    expect(await caller.auth.logout()).toEqual({ ok: true });
  });
});

describe('session expiry', () => {
  it('ends a session after the idle time', async () => {
    const { token } = await login(env.deps, 'zhoumin', { ip: '10.0.3.1' });
    env.clock.advance(env.deps.config.session.idleMs - MINUTE);
    expect(await (await callerFor(env.deps, { token })).caller.auth.me()).not.toBeNull();
    // That request counted as activity: the idle clock starts again from it.
    env.clock.advance(env.deps.config.session.idleMs - MINUTE);
    expect(await (await callerFor(env.deps, { token })).caller.auth.me()).not.toBeNull();
    env.clock.advance(env.deps.config.session.idleMs);
    const { caller } = await callerFor(env.deps, { token });
    expect(await caller.auth.me()).toBeNull();
    // And it stays gone even if time were to run back.
    env.clock.advance(-env.deps.config.session.idleMs);
    expect(await (await callerFor(env.deps, { token })).caller.auth.me()).toBeNull();
  });

  it('ends a session at the absolute lifetime however active it is', async () => {
    const { token } = await login(env.deps, 'supervisor', { ip: '10.0.3.2' });
    const { absoluteMs, idleMs } = env.deps.config.session;
    const step = Math.floor(idleMs / 2);
    let elapsed = 0;
    while (elapsed + step < absoluteMs) {
      env.clock.advance(step);
      elapsed += step;
      expect(await (await callerFor(env.deps, { token })).caller.auth.me()).not.toBeNull();
    }
    env.clock.advance(absoluteMs - elapsed);
    expect(await (await callerFor(env.deps, { token })).caller.auth.me()).toBeNull();
  });

  it('writes last_seen_at at most once a minute', async () => {
    const { token } = await login(env.deps, 'leader', { ip: '10.0.3.3' });
    const seen = async () =>
      (
        await env.db
          .selectFrom('sessions')
          .select('last_seen_at')
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).last_seen_at.getTime();
    const start = await seen();
    env.clock.advance(30_000);
    await callerFor(env.deps, { token });
    expect(await seen()).toBe(start);
    env.clock.advance(40_000);
    await callerFor(env.deps, { token });
    expect(await seen()).toBe(start + 70_000);
  });
});

describe('disabling a user', () => {
  it('ends their sessions at once and stops further logins', async () => {
    const victim = await login(env.deps, 'chenjing', { ip: '10.0.4.1' });
    const other = await login(env.deps, 'chenjing', { ip: '10.0.4.2' });
    const admin = await signedIn(env.deps, 'admin', { ip: '10.0.4.3' });
    const id = await userId('chenjing');
    const open = await env.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', id)
      .execute();
    expect(open.length).toBeGreaterThanOrEqual(2);

    const updated = await admin.user.setDisabled({ id, disabled: true });
    expect(updated.disabled).toBe(true);
    for (const token of [victim.token, other.token]) {
      expect(await (await callerFor(env.deps, { token })).caller.auth.me()).toBeNull();
    }
    expect(
      await env.db.selectFrom('sessions').where('user_id', '=', id).selectAll().execute(),
    ).toEqual([]);

    const { caller } = await callerFor(env.deps, { ip: '10.0.4.4' });
    await expectAppError(
      caller.auth.login({ username: 'chenjing', password: 'Ducha@2026' }),
      'FORBIDDEN',
      'auth.disabled',
    );
    // Without the right password a disabled account looks like any other failure.
    await expectAppError(
      caller.auth.login({ username: 'chenjing', password: 'wrong-password' }),
      'UNAUTHORIZED',
      'auth.invalid_credentials',
    );
    const audit = await auditActions(id);
    expect(audit.find((a) => a.action === 'user.disable')?.details).toEqual({
      endedSessions: open.length,
    });

    await admin.user.setDisabled({ id, disabled: false });
    env.clock.advance(HOUR);
    await expect(login(env.deps, 'chenjing', { ip: '10.0.4.5' })).resolves.toBeTruthy();
  });

  it('an administrator cannot disable themselves', async () => {
    const admin = await signedIn(env.deps, 'admin', { ip: '10.0.4.6' });
    await expectAppError(
      admin.user.setDisabled({ id: await userId('admin'), disabled: true }),
      'BAD_REQUEST',
      'user.cannot_disable_self',
    );
  });
});

describe('rate limiting of failed logins', () => {
  const fail = async (username: string, ip: string) => {
    const { caller } = await callerFor(env.deps, { ip });
    return caller.auth.login({ username, password: 'wrong-password' }).catch((e: unknown) => e);
  };

  it('locks an account after five failures, with a growing wait', async () => {
    env.clock.advance(HOUR);
    for (let i = 0; i < 5; i++) {
      const e = await fail('leader', `10.1.0.${i}`);
      expect((e as AppError).messageKey).toBe('auth.invalid_credentials');
      env.clock.advance(1000);
    }
    // Even the right password is refused while locked, from any address.
    const { caller } = await callerFor(env.deps, { ip: '10.1.1.1' });
    const locked = await expectAppError(
      caller.auth.login({ username: 'leader', password: 'Ducha@2026' }),
      'TOO_MANY_REQUESTS',
      'auth.rate_limited',
    );
    const wait = (locked as AppError).extraData?.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30);

    env.clock.advance(wait * 1000);
    const sixth = await fail('leader', '10.1.0.9');
    expect((sixth as AppError).messageKey).toBe('auth.invalid_credentials');
    const again = await expectAppError(
      caller.auth.login({ username: 'leader', password: 'Ducha@2026' }),
      'TOO_MANY_REQUESTS',
    );
    expect((again as AppError).extraData?.retryAfterSeconds).toBe(60);

    // Other accounts are unaffected.
    await expect(login(env.deps, 'inspector', { ip: '10.1.1.2' })).resolves.toBeTruthy();

    // After the wait, the right password works and clears the account's counter.
    env.clock.advance(60_000);
    await expect(login(env.deps, 'leader', { ip: '10.1.1.3' })).resolves.toBeTruthy();
    env.clock.advance(1000);
    const afterReset = await fail('leader', '10.1.0.10');
    expect((afterReset as AppError).messageKey).toBe('auth.invalid_credentials');
  });

  it('locks an address after twenty failures, whatever the usernames', async () => {
    env.clock.advance(HOUR);
    for (let i = 0; i < 20; i++) {
      const e = await fail(`guess${i}`, '10.2.0.1');
      expect((e as AppError).messageKey).toBe('auth.invalid_credentials');
    }
    const { caller } = await callerFor(env.deps, { ip: '10.2.0.1' });
    await expectAppError(
      caller.auth.login({ username: 'inspector', password: 'Ducha@2026' }),
      'TOO_MANY_REQUESTS',
      'auth.rate_limited',
    );
    // The same account from elsewhere is fine.
    await expect(login(env.deps, 'inspector', { ip: '10.2.0.2' })).resolves.toBeTruthy();
  });

  it('survives in the database, not in process memory', async () => {
    const rows = await env.db
      .selectFrom('login_attempts')
      .select('ip')
      .where('ip', '=', '10.2.0.1')
      .where('succeeded', '=', false)
      .execute();
    expect(rows).toHaveLength(20);
    // Usernames as typed are stored only as hashes (people type passwords into that field).
    const keys = await env.db.selectFrom('login_attempts').select('account_key').execute();
    expect(keys.map((k) => k.account_key)).toContain(accountKey('guess0'));
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k.account_key))).toBe(true);
  });
});
