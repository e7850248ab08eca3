import { SYNC_SCHEMA_VERSION, type Change, type Mutation } from '@ducha/shared';
import type { signedIn, TestEnv } from '../test/harness';
import { awaitPullHorizon } from '../test/pull-horizon';

/** Helpers shared by the sync API tests (not a test file itself). */

export type Caller = Awaited<ReturnType<typeof signedIn>>;
export const T = '2026-03-02T01:00:00.000Z';

export function mutation(
  id: number,
  name: string,
  args: unknown,
  schemaVersion = SYNC_SCHEMA_VERSION,
): Mutation {
  return { id, name, args, schemaVersion, clientTime: T };
}

/** Pulls every page from `cursor` once every earlier write is below the pull horizon. */
export async function pullAll(
  env: TestEnv,
  caller: Caller,
  deviceId: string,
  cursor: string | null,
) {
  await awaitPullHorizon(env.db, env.backend);
  const changes: Change[] = [];
  let lastMutationId = 0;
  for (;;) {
    const page = await caller.sync.pull({
      deviceId,
      cursor,
      limit: 500,
      schemaVersion: SYNC_SCHEMA_VERSION,
    });
    changes.push(...page.changes);
    cursor = page.cursor;
    lastMutationId = page.lastMutationId;
    if (!page.hasMore) return { changes, cursor, lastMutationId };
  }
}

/** The plan ids a pull upserted and revoked. */
export function planChanges(changes: Change[]) {
  return {
    upserted: new Set(
      changes.filter((c) => c.op === 'upsert' && c.type === 'plan').map((c) => c.id),
    ),
    revoked: new Set(changes.filter((c) => c.op === 'revoked').map((c) => c.id)),
  };
}
