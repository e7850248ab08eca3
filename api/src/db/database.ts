import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DB } from './schema';

export type Database = Kysely<DB>;

export interface OpenedDatabase {
  db: Database;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/*
 * Both drivers must hand back the same JS values: `date` as 'YYYY-MM-DD' (node-postgres would
 * build a Date at local midnight, shifting days across time zones) and `int8` (count(*)) as a
 * number (node-postgres gives a string, PGlite a number). Counts never approach 2^53.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PoolOptions {
  connectionString: string;
  /** Schema to put first on the search path (tests give each file its own). */
  searchPath?: string;
  max?: number;
}

export function createPostgresPool(opts: PoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    types: pgTypes,
    ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
  });
}

export function openPostgres(opts: PoolOptions): OpenedDatabase {
  const pool = createPostgresPool(opts);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

const textSerializer = pgliteTypes.serializers[pgliteTypes.TEXT]!;

export async function createPglite(dataDir?: string): Promise<PGlite> {
  return PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [pgliteTypes.DATE]: (v: string) => v },
    // Bytes for a text parameter go as they are, in binary format (json.ts `jsonbFromBytes`):
    // PGlite's Bind writes any ArrayBuffer view that way, though its types only speak of strings.
    serializers: {
      [pgliteTypes.TEXT]: (v: unknown) =>
        v instanceof Uint8Array ? (v as unknown as string) : textSerializer(v),
    },
  });
}

/*
 * PGlite executes SQL synchronously in WebAssembly, and kysely-pglite-dialect hands its single
 * connection to the next waiter (FIFO, plain queries and transactions alike) by resolving a
 * promise. Under a steady queue that chain runs in microtasks only, so the event loop never
 * reaches I/O: sockets, timers and /healthz wait until the queue is empty. One macrotask turn
 * before each checkout lets I/O in; setImmediate callbacks run in the order scheduled, so
 * checkouts stay in arrival order. Statements inside a transaction keep their connection.
 */
export function yieldingBeforeCheckout(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => {
      const inner = dialect.createDriver();
      return {
        init: () => inner.init(),
        acquireConnection: async () => {
          await new Promise<void>((resolve) => setImmediate(resolve));
          return inner.acquireConnection();
        },
        beginTransaction: (c, settings) => inner.beginTransaction(c, settings),
        commitTransaction: (c) => inner.commitTransaction(c),
        rollbackTransaction: (c) => inner.rollbackTransaction(c),
        releaseConnection: (c) => inner.releaseConnection(c),
        destroy: () => inner.destroy(),
      };
    },
  };
}

/** Kysely over an already opened PGlite; closing the Kysely closes PGlite too. */
export function kyselyOverPglite(client: PGlite): Database {
  return new Kysely<DB>({ dialect: yieldingBeforeCheckout(new PGliteDialect(client)) });
}

/**
 * PostgreSQL when a URL is given, else the embedded PGlite under `${dataDir}/pglite`. PGlite is
 * single-process: run one API process per data directory (use PostgreSQL to scale out).
 */
export async function openDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL pool size; PGlite has one session whatever this says. */
  poolMax?: number;
}): Promise<OpenedDatabase> {
  if (opts.databaseUrl) {
    return openPostgres({
      connectionString: opts.databaseUrl,
      ...(opts.poolMax ? { max: opts.poolMax } : {}),
    });
  }
  const dir = path.join(opts.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const client = await createPglite(dir);
  const db = kyselyOverPglite(client);
  return { db, kind: 'pglite', close: () => db.destroy() };
}
