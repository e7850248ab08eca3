import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { inspector } from '$lib/testing/fixtures';
import { toUserError } from './user-error';

const credentials = { username: 'inspector', password: 'wrong-password' };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('tRPC client', () => {
  it('sends the UI language and same-origin credentials with each request', async () => {
    let locale: 'zh-CN' | 'en' = 'zh-CN';
    const server = fakeTrpcServer({ 'auth.me': () => inspector });
    const api = createApiClient({ getLocale: () => locale, fetch: server.fetch });

    await api.auth.me.query();
    locale = 'en';
    await api.auth.me.query();

    expect(server.calls.map((c) => c.headers.get('x-ducha-locale'))).toEqual(['zh-CN', 'en']);
    expect(server.calls.every((c) => c.credentials === 'same-origin')).toBe(true);
  });
});

describe('toUserError', () => {
  const server = fakeTrpcServer({
    'auth.login': () => {
      throw new FakeTrpcError('UNAUTHORIZED', 401, { messageKey: 'auth.invalid_credentials' });
    },
    'auth.me': () => {
      throw new FakeTrpcError('TOO_MANY_REQUESTS', 429, {
        messageKey: 'auth.rate_limited',
        retryAfterSeconds: 42.3,
      });
    },
    'plan.get': () => {
      throw new FakeTrpcError('BAD_REQUEST', 400, {
        messageKey: 'common.validation_failed',
        issues: [{ path: 'id', message: '无效的 ID' }],
      });
    },
    'plan.list': () => {
      throw new FakeTrpcError('FORBIDDEN', 403, { messageKey: 'some.future_key' }, '服务器说明');
    },
  });
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });

  it('maps wrong credentials to the localized message', async () => {
    const error = await failure(api.auth.login.mutate(credentials));
    const zh = toUserError(error, 'zh-CN', true);
    expect(zh.kind).toBe('invalid_credentials');
    expect(zh.message).toBe('用户名或密码错误');
    expect(toUserError(error, 'en', true).message).toBe('Incorrect username or password');
  });

  it('fills in the rate-limit wait in whole seconds', async () => {
    const error = toUserError(await failure(api.auth.me.query()), 'zh-CN', true);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(43);
    expect(error.message).toContain('43');
  });

  it('keeps zod issues for the form', async () => {
    const error = toUserError(await failure(api.plan.get.query({ id: 'x' })), 'zh-CN', true);
    expect(error.kind).toBe('validation');
    expect(error.issues).toEqual([{ path: 'id', message: '无效的 ID' }]);
  });

  it("falls back to the server's (already localized) text for keys it does not know", async () => {
    const error = toUserError(await failure(api.plan.list.query()), 'zh-CN', true);
    expect(error.kind).toBe('forbidden');
    expect(error.messageKey).toBe('some.future_key');
    expect(error.message).toBe('服务器说明');
  });

  it('reports a request that never reached the server as offline', async () => {
    server.offline = true;
    try {
      const error = await failure(api.auth.login.mutate(credentials));
      const zh = toUserError(error, 'zh-CN', true);
      expect(zh.kind).toBe('offline');
      expect(zh.message).toContain('离线');
      expect(toUserError(error, 'en', false).message).toMatch(/^Offline/);
    } finally {
      server.offline = false;
    }
  });

  it('reports a non-tRPC answer (proxy error page) as the service being unavailable', async () => {
    const htmlApi = createApiClient({
      getLocale: () => 'zh-CN',
      fetch: async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
    });
    const error = toUserError(await failure(htmlApi.auth.me.query()), 'zh-CN', true);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe('服务暂不可用，请稍后再试');
  });
});
