import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { AppConfig } from './config';
import type { Database } from './db/database';

/** What every service needs, created once per process (or per test file). */
export interface AppDeps {
  db: Database;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
}
