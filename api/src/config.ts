import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The api package root (…/api), whatever the working directory is. */
export const API_ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = path.resolve(API_ROOT, '..');

const boolFlag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  // Relative values are relative to the working directory; the default is the repository's data/
  // so that `pnpm start` from the root and from api/ use the same database.
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  // Connections per API process; with several processes their sum must stay below the server's
  // max_connections. Ignored by PGlite (one session).
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number from 1 to 200' })
    .int({ error: 'must be a whole number from 1 to 200' })
    .min(1, { error: 'must be a whole number from 1 to 200' })
    .max(200, { error: 'must be a whole number from 1 to 200' })
    .default(10),
  WEB_DIR: z.string().min(1).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(12 * 60),
  SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(7 * 24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Only behind a reverse proxy that sets X-Forwarded-For / X-Forwarded-Proto itself.
  TRUST_PROXY: boolFlag,
  SEED_DEMO: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === undefined || v === '' || v === '1' || v === 'true'),
});

export interface SessionConfig {
  idleMs: number;
  absoluteMs: number;
}

export interface LoginLimitConfig {
  windowMs: number;
  accountThreshold: number;
  addressThreshold: number;
  baseLockMs: number;
  maxLockMs: number;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** PostgreSQL pool size (connections per API process). */
  databasePoolMax: number;
  webDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  seedDemo: boolean;
  session: SessionConfig;
  loginLimit: LoginLimitConfig;
  /** Largest accepted tRPC request body. */
  maxBodyBytes: number;
  /**
   * How long a push that arrives ahead of the same device's previous one (a gap) waits for that
   * one to commit before it is refused; 0: refused at once.
   */
  pushGapWaitMs: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimitConfig = {
  windowMs: 15 * 60_000,
  accountThreshold: 5,
  addressThreshold: 20,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR ? path.resolve(e.DATA_DIR) : path.join(REPO_ROOT, 'data'),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolMax: e.DATABASE_POOL_MAX,
    webDir: e.WEB_DIR ? path.resolve(e.WEB_DIR) : path.join(REPO_ROOT, 'web', 'build'),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    session: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_MAX_AGE_HOURS * 3_600_000,
    },
    loginLimit: DEFAULT_LOGIN_LIMIT,
    maxBodyBytes: 1024 * 1024,
    pushGapWaitMs: 1000,
  };
}

export function webBuildExists(webDir: string): boolean {
  return existsSync(path.join(webDir, 'index.html'));
}
