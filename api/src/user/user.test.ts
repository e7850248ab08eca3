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

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.cleanup());

async function idOf(username: string) {
  return (
    await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;
}

async function unitId(code: string) {
  return (
    await env.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id;
}

describe('administrator procedures', () => {
  it('refuse every other role and anonymous callers', async () => {
    const someone = await idOf('inspector');
    for (const username of ['inspector', 'leader', 'supervisor']) {
      const caller = await signedIn(env.deps, username);
      const attempts: Promise<unknown>[] = [
        caller.user.list(),
        caller.user.create({
          username: 'intruder',
          displayName: '入侵者',
          password: 'Password123',
          role: 'admin',
        }),
        caller.user.update({ id: someone, role: 'admin' }),
        caller.user.setDisabled({ id: someone, disabled: true }),
        caller.team.list(),
        caller.team.create({ name: '非法检查组' }),
        caller.team.setMembers({ teamId: randomUUID(), memberIds: [], leaderId: null }),
      ];
      for (const attempt of attempts) await expectAppError(attempt, 'FORBIDDEN', 'auth.forbidden');
    }
    const { caller } = await callerFor(env.deps);
    await expectAppError(caller.user.list(), 'UNAUTHORIZED', 'auth.unauthenticated');
    // Nothing was written by the refused calls.
    const intruder = await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'intruder')
      .execute();
    expect(intruder).toEqual([]);
    const inspector = await env.db
      .selectFrom('users')
      .select(['role', 'disabled_at'])
      .where('id', '=', someone)
      .executeTakeFirstOrThrow();
    expect(inspector).toEqual({ role: 'inspector', disabled_at: null });
  });
});

describe('user.*', () => {
  it('list shows accounts without any secret', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const users = await admin.user.list();
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['inspector', 'admin']));
    expect(JSON.stringify(users)).not.toMatch(/argon2|password/i);
  });

  it('create makes an account that can log in, and is audited', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const created = await admin.user.create({
      username: 'NewInspector',
      displayName: '吴磊',
      password: 'Kaishi2026xyz',
      role: 'inspector',
      unitId: await unitId('JN.PZ1'),
    });
    expect(created).toMatchObject({ username: 'newinspector', role: 'inspector', disabled: false });
    const { user } = await login(env.deps, 'newinspector', { password: 'Kaishi2026xyz' });
    expect(user.displayName).toBe('吴磊');
    const audit = await env.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'details'])
      .where('entity_id', '=', created.id)
      .execute();
    expect(audit).toEqual([
      { action: 'user.create', actor_id: await idOf('admin'), details: { role: 'inspector' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Kaishi2026xyz');
  });

  it('create refuses a taken username, a weak password and a supervisor without scope', async () => {
    const admin = await signedIn(env.deps, 'admin');
    await expectAppError(
      admin.user.create({
        username: 'INSPECTOR',
        displayName: '重名',
        password: 'Another2026pw',
        role: 'inspector',
      }),
      'CONFLICT',
      'user.username_taken',
    );
    await expectAppError(
      admin.user.create({
        username: 'weakling',
        displayName: '弱',
        password: 'short',
        role: 'inspector',
      }),
      'BAD_REQUEST',
    );
    await expectAppError(
      admin.user.create({
        username: 'noscope',
        displayName: '无范围',
        password: 'Another2026pw',
        role: 'supervisor',
      }),
      'BAD_REQUEST',
    );
    await expectAppError(
      admin.user.create({
        username: 'badunit',
        displayName: '无单位',
        password: 'Another2026pw',
        role: 'inspector',
        unitId: randomUUID(),
      }),
      'BAD_REQUEST',
      'common.validation_failed',
    );
  });

  it('update changes role and scope, which apply on the next request', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const id = await idOf('liuyang');
    const { token } = await login(env.deps, 'liuyang');
    const before = await (await callerFor(env.deps, { token })).caller.unit.list();

    await expectAppError(
      admin.user.update({ id, role: 'supervisor' }),
      'BAD_REQUEST',
      'common.validation_failed',
    );
    const updated = await admin.user.update({
      id,
      role: 'supervisor',
      scopeUnitId: await unitId('JN.YC'),
      displayName: '刘洋（督查）',
    });
    expect(updated).toMatchObject({ role: 'supervisor', displayName: '刘洋（督查）' });
    const after = await (await callerFor(env.deps, { token })).caller.unit.list();
    expect(after.length).toBeLessThan(before.length);
    expect(after.map((u) => u.name).sort()).toEqual(['云川市', '云川市城中区', '石门县'].sort());

    const demoted = await admin.user.update({ id, role: 'inspector' });
    expect(demoted.scopeUnitId).toBeNull();
    const audit = await env.db
      .selectFrom('audit_events')
      .select('details')
      .where('entity_id', '=', id)
      .where('action', '=', 'user.update')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('update of an unknown user is not found', async () => {
    const admin = await signedIn(env.deps, 'admin');
    await expectAppError(admin.user.update({ id: randomUUID(), displayName: '某人' }), 'NOT_FOUND');
    await expectAppError(admin.user.setDisabled({ id: randomUUID(), disabled: true }), 'NOT_FOUND');
  });

  it('an administrator cannot change their own role', async () => {
    const admin = await signedIn(env.deps, 'admin');
    await expectAppError(
      admin.user.update({ id: await idOf('admin'), role: 'inspector' }),
      'FORBIDDEN',
    );
  });
});

describe('team.*', () => {
  it('create and setMembers keep the leader among the members, audited', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const [a, b] = [await idOf('inspector'), await idOf('zhoumin')];
    const team = await admin.team.create({ name: '第三检查组', memberIds: [a, b], leaderId: b });
    expect(team).toMatchObject({ name: '第三检查组', leaderId: b });
    expect(team.memberIds.sort()).toEqual([a, b].sort());
    expect(team.members.find((m) => m.id === b)?.displayName).toBe('周敏');

    await expectAppError(admin.team.create({ name: '第三检查组' }), 'CONFLICT', 'team.name_taken');
    await expectAppError(
      admin.team.setMembers({ teamId: team.id, memberIds: [a], leaderId: b }),
      'BAD_REQUEST',
    );
    await expectAppError(
      admin.team.setMembers({ teamId: team.id, memberIds: [a, randomUUID()], leaderId: a }),
      'BAD_REQUEST',
      'common.validation_failed',
    );
    env.clock.advance(1000);
    const changed = await admin.team.setMembers({ teamId: team.id, memberIds: [a], leaderId: a });
    expect(changed).toMatchObject({ memberIds: [a], leaderId: a });

    const listed = (await admin.team.list()).find((t) => t.id === team.id);
    expect(listed).toEqual(changed);
    const audit = await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', team.id)
      .orderBy('at')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['team.create', 'team.set_members']);

    await expectAppError(
      admin.team.setMembers({ teamId: randomUUID(), memberIds: [], leaderId: null }),
      'NOT_FOUND',
    );
  });
});
