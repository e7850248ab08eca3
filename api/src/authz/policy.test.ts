import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  expectAppError,
  login,
  setupTestEnv,
  signedIn,
  type TestEnv,
} from '../test/harness';
import type { AppError } from '../trpc/errors';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.cleanup());

async function planId(titlePart: string): Promise<string> {
  const row = await env.db
    .selectFrom('plans')
    .select('id')
    .where('title', 'like', `%${titlePart}%`)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function unitCodes(username: string): Promise<string[]> {
  const caller = await signedIn(env.deps, username);
  const units = await caller.unit.list();
  const rows = await env.db
    .selectFrom('units')
    .select(['id', 'code'])
    .where(
      'id',
      'in',
      units.map((u) => u.id),
    )
    .execute();
  return rows.map((r) => r.code).sort();
}

describe('units', () => {
  it('a supervisor sees the subtree of their scope, nothing else', async () => {
    expect(await unitCodes('sunwei')).toEqual(
      ['JN.LJ', 'JN.LJ.BJ', 'JN.LJ.CZJ', 'JN.LJ.DH', 'JN.LJ.QS'].sort(),
    );
    const all = await env.db.selectFrom('units').select('code').execute();
    expect(await unitCodes('supervisor')).toHaveLength(all.length);
  });

  it('inspectors and administrators see the whole directory, parents first', async () => {
    const all = await env.db.selectFrom('units').select('code').execute();
    expect(await unitCodes('inspector')).toHaveLength(all.length);
    expect(await unitCodes('admin')).toHaveLength(all.length);
    const caller = await signedIn(env.deps, 'inspector');
    const units = await caller.unit.list();
    const seen = new Set<string>();
    for (const u of units) {
      if (u.parentId) expect(seen.has(u.parentId)).toBe(true);
      seen.add(u.id);
    }
  });
});

describe('plans', () => {
  const titles = async (username: string) =>
    (await (await signedIn(env.deps, username)).plan.list()).map((p) => p.title);

  it('an inspector sees the plans of their team, the confidential one included', async () => {
    const mine = await titles('inspector');
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.stringContaining('四不两直暗访：青山县'),
        expect.stringContaining('省交通运输厅'),
      ]),
    );
    expect(mine.some((t) => t.includes('南屿县'))).toBe(false);
    expect(mine.some((t) => t.includes('江南大学'))).toBe(false);
  });

  it('a province supervisor sees open plans in scope but no secret visit', async () => {
    const seen = await titles('supervisor');
    expect(seen.some((t) => t.includes('江南大学'))).toBe(true);
    expect(seen.some((t) => t.includes('省交通运输厅'))).toBe(true);
    expect(seen.some((t) => t.includes('四不两直'))).toBe(false);
  });

  it('a city supervisor sees only plans whose target lies in the city', async () => {
    const seen = await titles('sunwei');
    expect(seen).toEqual([expect.stringContaining('滨江区')]);
  });

  it('an administrator sees every open plan and no secret visit', async () => {
    const seen = await titles('admin');
    const open = await env.db
      .selectFrom('plans')
      .select('title')
      .where('confidential', '=', false)
      .execute();
    expect(seen.sort()).toEqual(open.map((p) => p.title).sort());
  });

  it('a confidential plan answers exactly like one that does not exist', async () => {
    const secret = await planId('南屿县');
    for (const username of ['inspector', 'supervisor', 'admin', 'sunwei']) {
      const caller = await signedIn(env.deps, username);
      const hidden = (await expectAppError(
        caller.plan.get({ id: secret }),
        'NOT_FOUND',
        'common.not_found',
      )) as AppError;
      const missing = (await expectAppError(
        caller.plan.get({ id: randomUUID() }),
        'NOT_FOUND',
        'common.not_found',
      )) as AppError;
      expect(hidden.message).toBe(missing.message);
    }
    const team = await signedIn(env.deps, 'liuyang');
    expect((await team.plan.get({ id: secret })).targetUnit.name).toBe('南屿县');
  });

  it('secrecy ends once the visit is done', async () => {
    const secret = await planId('南屿县');
    const supervisor = await signedIn(env.deps, 'supervisor');
    await expectAppError(supervisor.plan.get({ id: secret }), 'NOT_FOUND');
    await env.db.updateTable('plans').set({ status: 'done' }).where('id', '=', secret).execute();
    expect((await supervisor.plan.get({ id: secret })).status).toBe('done');
    await env.db.updateTable('plans').set({ status: 'planned' }).where('id', '=', secret).execute();
    await expectAppError(supervisor.plan.get({ id: secret }), 'NOT_FOUND');
  });

  it('whoever planned a confidential visit may see it', async () => {
    const secret = await planId('青山县');
    const supervisorId = (
      await env.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'supervisor')
        .executeTakeFirstOrThrow()
    ).id;
    const supervisor = await signedIn(env.deps, 'supervisor');
    await expectAppError(supervisor.plan.get({ id: secret }), 'NOT_FOUND');
    const original = await env.db
      .updateTable('plans')
      .set({ created_by: supervisorId })
      .where('id', '=', secret)
      .returning('id')
      .execute();
    expect(original).toHaveLength(1);
    expect((await supervisor.plan.get({ id: secret })).kind).toBe('unannounced');
  });

  it('plan.list and plan.get name the team’s members, leader first, for offline devices', async () => {
    const inspector = await signedIn(env.deps, 'inspector');
    const plan = (await inspector.plan.list()).find((p) => p.title.includes('青山县'))!;
    expect(plan.teamMembers?.map((m) => m.name)).toEqual(['李华', '陈静', '张明']);
    const detail = await inspector.plan.get({ id: plan.id });
    expect(detail.teamMembers).toEqual(plan.teamMembers);
    const me = await env.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('username', '=', 'inspector')
      .executeTakeFirstOrThrow();
    expect(plan.teamMembers).toContainEqual({ id: me.id, name: me.display_name });
    // Another team's plan, seen by a supervisor, names that team.
    const supervisor = await signedIn(env.deps, 'supervisor');
    const other = (await supervisor.plan.list()).find((p) => p.title.includes('江南大学'))!;
    expect(other.teamMembers?.map((m) => m.name)).toEqual(['周敏', '刘洋']);
  });

  it('plan.get returns the detail of a visible plan', async () => {
    const inspector = await signedIn(env.deps, 'inspector');
    const [first] = await inspector.plan.list();
    const detail = await inspector.plan.get({ id: first!.id });
    expect(detail).toMatchObject({ id: first!.id, title: first!.title });
    expect(detail.windowStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof detail.description).toBe('string');
  });

  it('team membership changes take effect on the next request', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const second = (await admin.team.list()).find((t) => t.name === '第二检查组')!;
    const inspector = await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'inspector')
      .executeTakeFirstOrThrow();
    const secret = await planId('南屿县');
    const { token } = await login(env.deps, 'inspector');
    // Each request builds its own context, as each HTTP request does.
    const request = async () => (await callerFor(env.deps, { token })).caller;

    await expectAppError((await request()).plan.get({ id: secret }), 'NOT_FOUND');
    await admin.team.setMembers({
      teamId: second.id,
      memberIds: [...second.memberIds, inspector.id],
      leaderId: second.leaderId,
    });
    expect((await (await request()).plan.get({ id: secret })).id).toBe(secret);
    await admin.team.setMembers({
      teamId: second.id,
      memberIds: second.memberIds,
      leaderId: second.leaderId,
    });
    await expectAppError((await request()).plan.get({ id: secret }), 'NOT_FOUND');
  });
});

describe('templates', () => {
  it('every signed-in role may read them; anonymous callers may not', async () => {
    for (const username of ['inspector', 'leader', 'supervisor', 'admin']) {
      const caller = await signedIn(env.deps, username);
      expect((await caller.template.list()).length).toBeGreaterThanOrEqual(3);
    }
    const { caller } = await callerFor(env.deps);
    await expectAppError(caller.template.list(), 'UNAUTHORIZED');
  });

  it('an unknown template or version is not found', async () => {
    const caller = await signedIn(env.deps, 'inspector');
    const [first] = await caller.template.list();
    await expectAppError(
      caller.template.get({ id: randomUUID() }),
      'NOT_FOUND',
      'common.not_found',
    );
    await expectAppError(
      caller.template.get({ id: first!.id, version: 99 }),
      'NOT_FOUND',
      'common.not_found',
    );
  });
});
