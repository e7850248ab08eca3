import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_SYNC_SCHEMA_VERSION, SYNC_SCHEMA_VERSION, translate } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { setupTestEnv, type TestEnv } from '../test/harness';
import { failureError } from './sync-errors';
import { pullChanges } from './sync-pull.service';
import { pushMutations, schemaFailure, type SchemaRange } from './sync-push.service';
import { syncDb } from './sync.schema';
import { mutation } from './sync-test-support';

/*
 * `sync.client_outdated`: a push or pull written under a schema below the server's minimum fails
 * whole, before anything is processed, so the app updates, upgrades its outbox and pushes again.
 * Today's minimum (1) is the lowest version the wire schema admits, so the server's range is
 * narrowed here by injection, as a later server that dropped version 1 would have it.
 */

let env: TestEnv;
let user: SessionUser;
const NEWER: SchemaRange = { min: SYNC_SCHEMA_VERSION, max: SYNC_SCHEMA_VERSION };

beforeAll(async () => {
  env = await setupTestEnv();
  const row = await env.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'inspector')
    .executeTakeFirstOrThrow();
  const teams = await env.db
    .selectFrom('team_members')
    .select('team_id')
    .where('user_id', '=', row.id)
    .execute();
  user = {
    id: row.id,
    username: 'inspector',
    displayName: '张明',
    role: 'inspector',
    locale: 'zh-CN',
    unitId: null,
    scopeUnitId: null,
    teamIds: teams.map((t) => t.team_id),
  };
});
afterAll(() => env.cleanup());

describe('schema versions', () => {
  it('refuses a whole push holding a mutation below the minimum, processing nothing', async () => {
    expect(SYNC_SCHEMA_VERSION).toBeGreaterThan(MIN_SYNC_SCHEMA_VERSION);
    const deviceId = randomUUID();
    const note = { id: randomUUID(), inspectionId: randomUUID(), itemId: null, text: 'x' };
    const outcome = await pushMutations(
      env.deps,
      user,
      {
        deviceId,
        mutations: [
          mutation(1, 'note.add', { ...note, createdAt: '2026-03-02T01:00:00.000Z' }),
          mutation(
            2,
            'note.add',
            { ...note, id: randomUUID(), body: 'x' },
            MIN_SYNC_SCHEMA_VERSION,
          ),
        ],
      },
      NEWER,
    );
    expect(outcome).toEqual({
      ok: false,
      failure: { messageKey: 'sync.client_outdated', minSchemaVersion: SYNC_SCHEMA_VERSION },
    });
    const processed = await syncDb(env.db)
      .selectFrom('sync_mutation_results')
      .select('mutation_id')
      .where('device_id', '=', deviceId)
      .execute();
    expect(processed).toEqual([]);

    // As a tRPC error: PRECONDITION_FAILED with the key, the minimum, and a localized message.
    const error = failureError(!outcome.ok ? outcome.failure : (undefined as never));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.messageKey).toBe('sync.client_outdated');
    expect(translate('sync.client_outdated', 'zh-CN')).toMatch(/\p{Script=Han}/u);
  });

  it('refuses a pull from an outdated app, and a version above the server as server_outdated', async () => {
    const deviceId = randomUUID();
    const pull = (schemaVersion: number, range?: SchemaRange) =>
      pullChanges(
        env.deps,
        user,
        { deviceId, cursor: null, limit: 10, schemaVersion, elideOwn: false },
        range,
      );
    expect(await pull(MIN_SYNC_SCHEMA_VERSION, NEWER)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.client_outdated', minSchemaVersion: SYNC_SCHEMA_VERSION },
    });
    expect(await pull(SYNC_SCHEMA_VERSION + 1)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.server_outdated', maxSchemaVersion: SYNC_SCHEMA_VERSION },
    });
    expect((await pull(MIN_SYNC_SCHEMA_VERSION)).ok).toBe(true);
  });

  it('narrows exactly like the shared check at the real range', () => {
    for (const v of [0, MIN_SYNC_SCHEMA_VERSION, SYNC_SCHEMA_VERSION, SYNC_SCHEMA_VERSION + 1]) {
      const narrowed = schemaFailure(v, {
        min: MIN_SYNC_SCHEMA_VERSION,
        max: SYNC_SCHEMA_VERSION,
      });
      expect(narrowed).toEqual(schemaFailure(v));
    }
  });
});
