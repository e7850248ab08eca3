import { serve } from '@hono/node-server';
import { createApp } from './app';
import { systemClock } from './clock';
import { loadConfig, webBuildExists } from './config';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import type { AppDeps } from './deps';
import { housekeeping } from './housekeeping';
import { createLogger } from './logger';
import { BANNER_USERS, DEMO_PASSWORD, DEMO_USERS } from './seed/demo-data';
import { seedDemoIfEmpty } from './seed/demo-seed';

const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
  });
  logger.info(
    {
      database: opened.kind,
      dataDir: opened.kind === 'pglite' ? config.dataDir : undefined,
      poolMax: opened.kind === 'postgres' ? config.databasePoolMax : undefined,
    },
    'database opened',
  );

  const { applied } = await migrateToLatest(opened.db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const deps: AppDeps = { db: opened.db, config, clock: systemClock, logger };
  const seeded = config.seedDemo ? (await seedDemoIfEmpty(deps)).seeded : false;
  if (seeded) logger.info('demo data seeded');
  const demoAccounts = await opened.db
    .selectFrom('users')
    .select('username')
    .where('username', 'in', BANNER_USERS)
    .execute();
  const runHousekeeping = () =>
    housekeeping(deps).then(
      ({ staleUploads }) => {
        if (staleUploads > 0) logger.info({ staleUploads }, 'stale uploads purged');
      },
      (err: unknown) => logger.error({ err }, 'housekeeping failed'),
    );
  await runHousekeeping();
  const timer = setInterval(() => void runHousekeeping(), HOUSEKEEPING_INTERVAL_MS);
  timer.unref();

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://localhost:${info.port}`;
    const lines = [
      '',
      `  督查 Ducha is running at ${url}`,
      `  Database: ${opened.kind === 'pglite' ? `PGlite (embedded) in ${config.dataDir}` : 'PostgreSQL'}`,
      webBuildExists(config.webDir)
        ? `  Web app: ${config.webDir}`
        : `  Web app: not built (${config.webDir}) — run \`pnpm build\``,
      '',
      ...(demoAccounts.length > 0
        ? [
            `  Demo logins (password for all, unless changed: ${DEMO_PASSWORD}):`,
            ...DEMO_USERS.filter((u) => demoAccounts.some((a) => a.username === u.username)).map(
              (u) => `    ${u.username.padEnd(11)} ${u.title} ${u.displayName} (${u.role})`,
            ),
          ]
        : ['  No demo accounts in this database.']),
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(timer);
    server.close(() => {
      // PGlite flushes its data directory on close; never exit before it finishes.
      opened.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'closing the database failed');
          process.exit(1);
        },
      );
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Ducha failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  if (err instanceof Error && err.cause) process.stderr.write(`Caused by: ${String(err.cause)}\n`);
  process.exit(1);
});
