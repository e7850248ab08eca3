import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo } from '../authz/policy';
import {
  callerFor,
  expectAppError,
  login,
  setupTestEnv,
  signedIn,
  type TestEnv,
} from '../test/harness';
import { mutation, pullAll, planChanges, T, type Caller } from './sync-test-support';

/*
 * Access that changes by other means than teams: a plan's secrecy starts or lifts, a user's role
 * or supervisor scope changes, a user is disabled. Pull must revoke plans that left the user's
 * view and send, whole, plans that entered it (migration 0004-sync-access).
 */

let env: TestEnv;
let admin: Caller;
let inspector: Caller;
const unitId = new Map<string, string>();
const planId = new Map<string, string>();

beforeAll(async () => {
  env = await setupTestEnv();
  admin = await signedIn(env.deps, 'admin');
  inspector = await signedIn(env.deps, 'inspector');
  for (const u of await admin.unit.list()) unitId.set(u.code, u.id);
  const plans = await env.db
    .selectFrom('plans')
    .select(['id', 'title', 'kind', 'status'])
    .execute();
  const byKind = (kind: string, status: string) =>
    plans.find((p) => p.kind === kind && p.status === status)!.id;
  planId.set('secret', byKind('unannounced', 'planned')); // the inspector's team, target JN.LJ.QS
  planId.set('bj', plans.find((p) => p.status === 'cancelled')!.id); // open, target JN.LJ.BJ
  planId.set('jtt', byKind('midyear', 'in_progress')); // open, target JN.JTT
});
afterAll(() => env.cleanup());

const idOf = async (username: string) =>
  (
    await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;

/** The inspector's team starts the secret visit and writes a note in it (before anyone else may see it). */
async function visitSecretPlan() {
  const plan = (await inspector.plan.list()).find((p) => p.id === planId.get('secret'))!;
  const visit = randomUUID();
  const note = randomUUID();
  const res = await inspector.sync.push({
    deviceId: randomUUID(),
    mutations: [
      mutation(1, 'inspection.start', {
        id: visit,
        planId: plan.id,
        templateId: plan.templateId,
        templateVersion: plan.templateVersion,
        startedAt: T,
      }),
      mutation(2, 'note.add', {
        id: note,
        inspectionId: visit,
        itemId: null,
        text: '台账缺失',
        createdAt: T,
      }),
    ],
  });
  expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return { visit, note };
}

describe('pull follows access changed by other means than teams', () => {
  it('sends a plan whole when its secrecy lifts, and revokes it when secrecy returns', async () => {
    const secret = planId.get('secret')!;
    const { visit, note } = await visitSecretPlan();
    const supervisor = await signedIn(env.deps, 'supervisor');
    const supDevice = randomUUID();
    const inspDevice = randomUUID();
    const first = await pullAll(env, supervisor, supDevice, null);
    expect(first.changes.some((c) => c.id === secret || c.id === visit || c.id === note)).toBe(
      false,
    );
    const insp = await pullAll(env, inspector, inspDevice, null);

    // The visit is carried out: the unit knows, supervisors of the region may now review it.
    await env.db.updateTable('plans').set({ status: 'done' }).where('id', '=', secret).execute();
    const lifted = await pullAll(env, supervisor, supDevice, first.cursor);
    const ids = new Set(lifted.changes.filter((c) => c.op === 'upsert').map((c) => c.id));
    expect([...ids]).toEqual(expect.arrayContaining([secret, visit, note]));

    // Back under secrecy (reopened): the supervisor loses it, the team keeps it.
    await env.db
      .updateTable('plans')
      .set({ status: 'in_progress' })
      .where('id', '=', secret)
      .execute();
    const hidden = await pullAll(env, supervisor, supDevice, lifted.cursor);
    expect(planChanges(hidden.changes).revoked).toEqual(new Set([secret]));
    expect(hidden.changes.some((c) => c.op === 'upsert' && c.id === visit)).toBe(false);
    const team = await pullAll(env, inspector, inspDevice, insp.cursor);
    expect(planChanges(team.changes).revoked.size).toBe(0);
    expect(planChanges(team.changes).upserted.has(secret)).toBe(true);

    // Turned into an ordinary, announced check (only 四不两直 must be confidential): visible again.
    const announced = { kind: 'special', confidential: false } as const;
    await env.db.updateTable('plans').set(announced).where('id', '=', secret).execute();
    const open = await pullAll(env, supervisor, supDevice, hidden.cursor);
    const reopened = new Set(open.changes.filter((c) => c.op === 'upsert').map((c) => c.id));
    expect([...reopened]).toEqual(expect.arrayContaining([secret, visit, note]));
    expect(planChanges(open.changes).revoked.size).toBe(0);
    const unannounced = { kind: 'unannounced', confidential: true } as const;
    await env.db.updateTable('plans').set(unannounced).where('id', '=', secret).execute();
  });

  it('follows a supervisor whose scope widens, then who becomes an inspector', async () => {
    const sunweiId = await idOf('sunwei');
    const device = randomUUID();
    const [bj, jtt] = [planId.get('bj')!, planId.get('jtt')!];
    const before = await pullAll(env, await signedIn(env.deps, 'sunwei'), device, null);
    expect(planChanges(before.changes).upserted.has(bj)).toBe(true);
    expect(planChanges(before.changes).upserted.has(jtt)).toBe(false);

    await admin.user.update({ id: sunweiId, role: 'supervisor', scopeUnitId: unitId.get('JN')! });
    const wider = await pullAll(env, await signedIn(env.deps, 'sunwei'), device, before.cursor);
    expect(planChanges(wider.changes).upserted.has(jtt)).toBe(true);
    expect(planChanges(wider.changes).revoked.size).toBe(0);

    await admin.user.update({ id: sunweiId, role: 'inspector' });
    const sunwei = await signedIn(env.deps, 'sunwei');
    const demoted = await pullAll(env, sunwei, device, wider.cursor);
    const { revoked } = planChanges(demoted.changes);
    expect(revoked.has(bj) && revoked.has(jtt)).toBe(true);
    // Exactly what the policy no longer shows, and nothing it still shows.
    const visible = new Set((await sunwei.plan.list()).map((p) => p.id));
    for (const id of revoked) expect(visible.has(id)).toBe(false);

    // Narrowed back to the original scope: bj returns, jtt stays away.
    await admin.user.update({
      id: sunweiId,
      role: 'supervisor',
      scopeUnitId: unitId.get('JN.LJ')!,
    });
    const back = await pullAll(env, await signedIn(env.deps, 'sunwei'), device, demoted.cursor);
    expect(planChanges(back.changes).upserted.has(bj)).toBe(true);
    expect(planChanges(back.changes).upserted.has(jtt)).toBe(false);
  });

  it('refuses every sync call of a disabled user, and resumes without loss when re-enabled', async () => {
    const { token } = await login(env.deps, 'liuyang');
    const device = randomUUID();
    const { caller } = await callerFor(env.deps, { token });
    const first = await pullAll(env, caller, device, null);

    await admin.user.setDisabled({ id: await idOf('liuyang'), disabled: true });
    const stale = (await callerFor(env.deps, { token })).caller;
    await expectAppError(
      stale.sync.pull({ deviceId: device, cursor: first.cursor, schemaVersion: 2 }),
      'UNAUTHORIZED',
    );
    await expectAppError(
      stale.sync.push({ deviceId: device, mutations: [mutation(1, 'note.add', {})] }),
      'UNAUTHORIZED',
    );

    await admin.user.setDisabled({ id: await idOf('liuyang'), disabled: false });
    const again = await pullAll(env, await signedIn(env.deps, 'liuyang'), device, first.cursor);
    expect(planChanges(again.changes).revoked.size).toBe(0);
  });

  it('agrees with the policy: sync_role_sees + team + creator = planVisibleTo', async () => {
    const users = await env.db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'scope_unit_id'])
      .execute();
    // Every plan in every secrecy state the policy distinguishes.
    for (const [status, confidential] of [
      ['planned', true],
      ['done', true],
      ['cancelled', false],
    ] as const) {
      await env.db
        .updateTable('plans')
        .set({ status, confidential })
        .where('id', '=', planId.get('bj')!)
        .execute();
      for (const u of users) {
        const teams = await env.db
          .selectFrom('team_members')
          .select('team_id')
          .where('user_id', '=', u.id)
          .execute();
        const user: SessionUser = {
          id: u.id,
          username: u.username,
          displayName: u.username,
          role: u.role,
          locale: 'zh-CN',
          unitId: null,
          scopeUnitId: u.scope_unit_id,
          teamIds: teams.map((t) => t.team_id),
        };
        const policy = await env.db
          .selectFrom('plans')
          .select('id')
          .where(planVisibleTo(user))
          .execute();
        const { rows } = await sql<{ id: string }>`
          select p.id from plans p
          where p.created_by = ${u.id}
            or p.team_id in (select team_id from team_members where user_id = ${u.id})
            or sync_role_sees(${u.role}, ${u.scope_unit_id}, p)`.execute(env.db);
        expect(new Set(rows.map((r) => r.id)), `${u.username} ${status}`).toEqual(
          new Set(policy.map((p) => p.id)),
        );
      }
    }
  });
});
