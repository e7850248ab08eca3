export { createApp } from './app';
export { loadConfig, type AppConfig } from './config';
export { openDatabase } from './db/database';
export { migrateToLatest } from './db/migrate';
export { seedDemoIfEmpty } from './seed/demo-seed';
export type { AppRouter } from './trpc/app.router';
