import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { SessionUser } from '../auth/session.service';
import { openPostgres, type OpenedDatabase } from '../db/database';
import { setupTestEnv, type TestEnv } from '../test/harness';
import { pullChanges } from './sync-pull.service';
import { writeRecord } from './sync-record.store';
import { syncDb } from './sync.schema';

/*
 * The cursor-gap proof (sync-pull.service.ts): writers whose transactions take their xid early
 * and commit late, in a shuffled order, while pullers keep pulling. Every puller must end with
 * every committed record exactly once. Real PostgreSQL only: PGlite runs one transaction at a
 * time and cannot commit out of xid order.
 */

const WRITERS = 40;
let env: TestEnv;
let pool: OpenedDatabase | undefined;

beforeAll(async () => {
  env = await setupTestEnv({ seed: false });
  if (env.backend === 'postgres') {
    pool = openPostgres({ connectionString: inject('pgTestUrl'), searchPath: env.schema, max: 50 });
  }
});
afterAll(async () => {
  await pool?.close();
  await env.cleanup();
});

const reader: SessionUser = {
  id: randomUUID(),
  username: 'reader',
  displayName: 'reader',
  role: 'inspector',
  locale: 'zh-CN',
  unitId: null,
  scopeUnitId: null,
  teamIds: [],
};

describe('pull cursor under concurrent commits', () => {
  it('never skips a change committed out of xid order', async (t) => {
    if (!pool) return t.skip();
    await env.db
      .insertInto('users')
      .values({
        id: reader.id,
        username: 'reader',
        display_name: 'reader',
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2ltdWxhdGlvbg$c2ltdWxhdGlvbnNpbXVsYXRpb24',
        role: 'inspector',
      })
      .execute();
    const db = syncDb(pool.db);
    const ids = Array.from({ length: WRITERS }, () => randomUUID());
    const releases: (() => void)[] = [];
    const xids = new Map<string, bigint>();
    const started: Promise<void>[] = [];
    const done: Promise<void>[] = [];
    for (const id of ids) {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let signalStarted!: () => void;
      started.push(new Promise<void>((r) => (signalStarted = r)));
      releases.push(release);
      done.push(
        db.transaction().execute(async (trx) => {
          // The xid is taken here, at the first write; the commit waits for the gate.
          await writeRecord(trx, {
            type: 'unit',
            id,
            planId: null,
            version: 1,
            deleted: null,
            fields: { name: id },
            stamps: {},
          });
          const { rows } = await sql<{
            x: string;
          }>`select pg_current_xact_id()::text as x`.execute(trx);
          xids.set(id, BigInt(rows[0]!.x));
          signalStarted();
          await gate;
        }),
      );
    }
    await Promise.all(started);

    const devices = [randomUUID(), randomUUID(), randomUUID()];
    const seen = devices.map(() => new Map<string, number>());
    const cursors: (string | null)[] = devices.map(() => null);
    const deps = { ...env.deps, db: pool.db };
    async function pullOnce(i: number) {
      for (;;) {
        const out = await pullChanges(deps, reader, {
          deviceId: devices[i]!,
          cursor: cursors[i]!,
          limit: 3,
          schemaVersion: 2,
          elideOwn: false,
        });
        if (!out.ok) throw new Error(out.failure.messageKey);
        for (const c of out.value.changes) seen[i]!.set(c.id, (seen[i]!.get(c.id) ?? 0) + 1);
        cursors[i] = out.value.cursor;
        if (!out.value.hasMore) return;
      }
    }
    // Commit in reverse xid order (the worst case), pulling between commits.
    const order = releases
      .map((_, i) => i)
      .sort((a, b) => (xids.get(ids[b]!)! > xids.get(ids[a]!)! ? 1 : -1));
    for (const [n, i] of order.entries()) {
      releases[i]!();
      await done[i];
      await pullOnce(n % devices.length);
      // Nothing is delivered while an older writer is still open: the horizon holds it back.
      if (n < order.length - 1) {
        for (const s of seen) expect(s.size).toBe(0);
      }
    }
    await Promise.all(devices.map((_, i) => pullOnce(i)));
    for (const s of seen) {
      expect([...s.keys()].sort()).toEqual([...ids].sort());
      expect([...s.values()].every((count) => count === 1)).toBe(true);
    }
  });
});
