import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, sql, type DatabaseConnection, type Dialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { inject } from 'vitest';
import { createPglite, openPostgres, type Database } from '../db/database';
import type { DB } from '../db/schema';
import { migrateToLatest } from '../db/migrate';

export interface TestDatabase {
  db: Database;
  backend: 'pglite' | 'postgres';
  schema: string;
  cleanup(): Promise<void>;
}

/** A FIFO lock: the holder gets a function that lets the next one in. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    return previous.then(() => release);
  }
}

interface SharedPglite {
  client: PGlite;
  mutex: Mutex;
  /** The schema the single PGlite session currently has on its search path. */
  searchPath: string | null;
}

const KEY = Symbol.for('ducha.test.pglite');
type Holder = { [KEY]?: Promise<SharedPglite> };

/** One PGlite per worker process: starting it costs seconds, a schema costs milliseconds. */
function sharedPglite(): Promise<SharedPglite> {
  const holder = globalThis as Holder;
  holder[KEY] ??= createPglite().then((client) => ({
    client,
    mutex: new Mutex(),
    searchPath: null,
  }));
  return holder[KEY];
}

/*
 * PGlite has one session, so a search path set for one test database would leak into every
 * other Kysely on the same PGlite. This dialect takes a process-wide lock for each connection
 * checkout and points the session at its own schema first, so several test databases can be
 * used side by side. Destroying it leaves the shared PGlite open.
 */
function schemaPinnedDialect(shared: SharedPglite, schema: string): Dialect {
  const base = new PGliteDialect(shared.client);
  return {
    createAdapter: () => base.createAdapter(),
    createQueryCompiler: () => base.createQueryCompiler(),
    createIntrospector: (db) => base.createIntrospector(db),
    createDriver: () => {
      const inner = base.createDriver();
      const unlocks = new Map<DatabaseConnection, () => void>();
      return {
        init: () => inner.init(),
        async acquireConnection() {
          const unlock = await shared.mutex.lock();
          const connection = await inner.acquireConnection();
          if (shared.searchPath !== schema) {
            await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
            shared.searchPath = schema;
          }
          unlocks.set(connection, unlock);
          return connection;
        },
        beginTransaction: (c, settings) => inner.beginTransaction(c, settings),
        commitTransaction: (c) => inner.commitTransaction(c),
        rollbackTransaction: (c) => inner.rollbackTransaction(c),
        async releaseConnection(connection) {
          await inner.releaseConnection(connection);
          const unlock = unlocks.get(connection);
          unlocks.delete(connection);
          unlock?.();
        },
        destroy: () => Promise.resolve(),
      };
    },
  };
}

/** A fresh schema (migrated unless told otherwise) on the current vitest project's backend. */
export async function openTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const backend = inject('backend');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let db: Database;
  let cleanup: () => Promise<void>;

  if (backend === 'postgres') {
    const opened = openPostgres({
      connectionString: inject('pgTestUrl'),
      searchPath: schema,
      max: 4,
    });
    db = opened.db;
    await sql`create schema ${sql.id(schema)}`.execute(db);
    cleanup = async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
      await opened.close();
    };
  } else {
    const shared = await sharedPglite();
    db = new Kysely<DB>({ dialect: schemaPinnedDialect(shared, schema) });
    await sql`create schema ${sql.id(schema)}`.execute(db);
    cleanup = async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    };
  }
  if (opts.migrate !== false) await migrateToLatest(db);
  return { db, backend, schema, cleanup };
}
