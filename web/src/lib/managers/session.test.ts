import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { createAuthService } from '$lib/services/auth.service';
import { FakeTrpcError, fakeTrpcServer, type FakeServer } from '$lib/testing/fake-trpc-server';
import { inspector } from '$lib/testing/fixtures';
import { ConnectivityManager } from './connectivity.svelte';
import { memoryStore, type KeyValueStore } from './key-value-store';
import { SessionManager } from './session.svelte';

/** A server with one account (inspector / Ducha@2026) and a cookie-like signed-in flag. */
function accountServer(): FakeServer & { signedIn: boolean } {
  const server = Object.assign(fakeTrpcServer(), { signedIn: false });
  server.handlers.set('auth.me', () => (server.signedIn ? inspector : null));
  server.handlers.set('auth.login', (input) => {
    const { username, password } = input as { username: string; password: string };
    if (username !== 'inspector' || password !== 'Ducha@2026') {
      throw new FakeTrpcError('UNAUTHORIZED', 401, { messageKey: 'auth.invalid_credentials' });
    }
    server.signedIn = true;
    return { user: inspector };
  });
  server.handlers.set('auth.logout', () => {
    server.signedIn = false;
    return { ok: true };
  });
  return server;
}

function sessionOn(server: FakeServer, storage: KeyValueStore = memoryStore()) {
  const connectivity = new ConnectivityManager(true);
  const auth = createAuthService(
    createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch }),
  );
  return {
    session: new SessionManager({ auth, storage, connectivity, locale: () => 'zh-CN' }),
    connectivity,
    storage,
  };
}

describe('SessionManager', () => {
  it('signs in with good credentials and remembers the user', async () => {
    const server = accountServer();
    const { session } = sessionOn(server);

    expect(await session.login(' inspector ', 'Ducha@2026')).toBeNull();

    expect(session.user).toEqual(inspector);
    expect(session.role).toBe('inspector');
  });

  it('turns wrong credentials into the Chinese message and stays signed out', async () => {
    const { session } = sessionOn(accountServer());

    const error = await session.login('inspector', 'not-the-password');

    expect(error?.kind).toBe('invalid_credentials');
    expect(error?.message).toBe('用户名或密码错误');
    expect(session.user).toBeNull();
  });

  it('restores the signed-in user from the server', async () => {
    const server = accountServer();
    server.signedIn = true;
    const { session } = sessionOn(server);
    expect(session.ready).toBe(false);

    await session.restore();

    expect(session.ready).toBe(true);
    expect(session.user?.username).toBe('inspector');
    expect(session.fromDevice).toBe(false);
  });

  it('keeps the last known user when the server cannot be reached', async () => {
    const server = accountServer();
    const storage = memoryStore();
    await sessionOn(server, storage).session.login('inspector', 'Ducha@2026');

    server.offline = true;
    const { session, connectivity } = sessionOn(server, storage);
    await session.restore();

    expect(session.user).toEqual(inspector);
    expect(session.fromDevice).toBe(true);
    expect(connectivity.online).toBe(false);
  });

  it('does not invent a user offline when nobody signed in on this device', async () => {
    const server = accountServer();
    server.offline = true;
    const { session } = sessionOn(server);

    await session.restore();

    expect(session.ready).toBe(true);
    expect(session.user).toBeNull();
  });

  it('forgets the device copy when the server says the session is over', async () => {
    const server = accountServer();
    const storage = memoryStore();
    await sessionOn(server, storage).session.login('inspector', 'Ducha@2026');
    server.signedIn = false; // expired or disabled on the server

    const first = sessionOn(server, storage).session;
    await first.restore();
    expect(first.user).toBeNull();

    server.offline = true;
    const second = sessionOn(server, storage).session;
    await second.restore();
    expect(second.user).toBeNull();
  });

  it('ignores a damaged device copy', async () => {
    const server = accountServer();
    server.offline = true;
    const storage = memoryStore({ 'ducha.session.me': '{"id":"not-a-user"' });
    const { session } = sessionOn(server, storage);

    await session.restore();

    expect(session.user).toBeNull();
  });

  it('signs out on the server and on the device', async () => {
    const server = accountServer();
    const storage = memoryStore();
    const { session } = sessionOn(server, storage);
    await session.login('inspector', 'Ducha@2026');

    await session.logout();

    expect(session.user).toBeNull();
    expect(server.signedIn).toBe(false);
    server.offline = true;
    const later = sessionOn(server, storage).session;
    await later.restore();
    expect(later.user).toBeNull();
  });

  it('finishes an offline sign-out on the server once it is reachable again', async () => {
    const server = accountServer();
    const storage = memoryStore();
    const { session } = sessionOn(server, storage);
    await session.login('inspector', 'Ducha@2026');

    server.offline = true;
    await session.logout();
    expect(session.user).toBeNull();
    expect(server.signedIn).toBe(true);

    server.offline = false;
    const later = sessionOn(server, storage).session;
    await later.restore();
    expect(server.signedIn).toBe(false);
    expect(later.user).toBeNull();
    expect(server.calls.map((c) => c.procedure)).not.toContain('auth.me');
  });
});
