import { expect } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { Locale, MessageKey } from '@ducha/shared';
import { ManualClock } from '../clock';
import { loadConfig, type AppConfig } from '../config';
import type { AppDeps } from '../deps';
import { silentLogger } from '../logger';
import { createCaller } from '../trpc/app.router';
import { createContext } from '../trpc/context';
import { AppError } from '../trpc/errors';
import { DEMO_PASSWORD } from '../seed/demo-data';
import { seedDemoIfEmpty } from '../seed/demo-seed';
import { openTestDatabase, type TestDatabase } from './test-db';

export interface TestEnv extends TestDatabase {
  deps: AppDeps;
  clock: ManualClock;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ WEB_DIR: '/nonexistent-web-build' }), ...overrides };
}

/** A fresh schema, the demo seeded into it, and deps with a clock that moves only when told. */
export async function setupTestEnv(
  opts: { seed?: boolean; config?: Partial<AppConfig> } = {},
): Promise<TestEnv> {
  const tdb = await openTestDatabase();
  const clock = new ManualClock();
  const deps: AppDeps = {
    db: tdb.db,
    config: testConfig(opts.config),
    clock,
    logger: silentLogger,
  };
  if (opts.seed !== false) await seedDemoIfEmpty(deps);
  return { ...tdb, deps, clock };
}

export interface CallOptions {
  token?: string | null;
  ip?: string;
  locale?: Locale;
  secure?: boolean;
}

/** A tRPC caller over the same context code the HTTP layer uses. */
export async function callerFor(deps: AppDeps, opts: CallOptions = {}) {
  const resHeaders = new Headers();
  const ctx = await createContext(deps, {
    requestId: 'test-request',
    ip: opts.ip ?? '198.51.100.7',
    userAgent: 'vitest',
    locale: opts.locale ?? 'zh-CN',
    secure: opts.secure ?? false,
    sessionToken: opts.token ?? null,
    resHeaders,
  });
  return { caller: createCaller(ctx), resHeaders, ctx };
}

/** The session token a Set-Cookie header carries, if any. */
export function tokenFromSetCookie(headers: Headers): string | null {
  for (const cookie of headers.getSetCookie()) {
    const match = /^(?:__Host-)?ducha_session=([^;]*)/.exec(cookie);
    if (match?.[1]) return match[1];
  }
  return null;
}

export async function login(
  deps: AppDeps,
  username: string,
  opts: CallOptions & { password?: string } = {},
) {
  const { caller, resHeaders } = await callerFor(deps, opts);
  const result = await caller.auth.login({ username, password: opts.password ?? DEMO_PASSWORD });
  const token = tokenFromSetCookie(resHeaders);
  if (!token) throw new Error('login set no session cookie');
  return { token, user: result.user, resHeaders };
}

/** A caller signed in as `username` (demo password). */
export async function signedIn(deps: AppDeps, username: string, opts: CallOptions = {}) {
  const { token } = await login(deps, username, opts);
  return (await callerFor(deps, { ...opts, token })).caller;
}

/** Asserts a rejection with this tRPC code and message key, and returns the error. */
export async function expectAppError(
  promise: Promise<unknown>,
  code: TRPCError['code'],
  messageKey?: MessageKey,
): Promise<TRPCError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code} but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code).toBe(code);
  if (messageKey) {
    expect(trpcError).toBeInstanceOf(AppError);
    expect((trpcError as AppError).messageKey).toBe(messageKey);
  }
  return trpcError;
}
