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
import type { Caller } from '../sync/sync-test-support';
import { DEMO_PASSWORD } from '../seed/demo-data';

/*
 * Administration: the unit tree (create, rename, move — a move changes what a supervisor sees),
 * password resets, team renames; administrators only, every change audited.
 */

let env: TestEnv;
const unit = new Map<string, string>();
let admin: Caller;

beforeAll(async () => {
  env = await setupTestEnv();
  for (const u of await env.db.selectFrom('units').select(['id', 'code']).execute()) {
    unit.set(u.code, u.id);
  }
  admin = await signedIn(env.deps, 'admin');
});
afterAll(() => env.cleanup());

const auditActions = async (entityId: string) =>
  (
    await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', entityId)
      .execute()
  ).map((e) => e.action);

describe('the unit tree', () => {
  it('creates and renames units, refusing a taken code', async () => {
    const created = await admin.unit.create({
      parentId: unit.get('JN.LJ')!,
      name: '临江市审计局',
      kind: 'department',
      code: 'JN.LJ.SJJ',
    });
    expect(created).toMatchObject({ parentId: unit.get('JN.LJ'), name: '临江市审计局' });
    const renamed = await admin.unit.update({ id: created.id, name: '临江市审计局（新）' });
    expect(renamed.name).toBe('临江市审计局（新）');
    await expectAppError(
      admin.unit.create({ parentId: null, name: '重复', kind: 'department', code: 'JN.CZT' }),
      'CONFLICT',
      'unit.code_taken',
    );
    await expectAppError(
      admin.unit.update({ id: created.id, code: 'JN.CZT' }),
      'CONFLICT',
      'unit.code_taken',
    );
    expect(await auditActions(created.id)).toEqual(
      expect.arrayContaining(['unit.create', 'unit.update']),
    );
  });

  it('moves a subtree, and the supervisors whose scope held it see the change', async () => {
    const sunwei = await signedIn(env.deps, 'sunwei'); // scope 临江市
    const supervisorView = async () => new Set((await sunwei.unit.list()).map((u) => u.id));
    const planSeen = async () =>
      (await sunwei.plan.manage.list({ pageSize: 100 })).rows.some(
        (r) => r.targetUnit.id === unit.get('JN.YC.CZ'),
      );
    const cz = unit.get('JN.YC.CZ')!;
    expect((await supervisorView()).has(cz)).toBe(false);

    // 城中区 moves under 临江市: its plans and itself enter 孙伟's scope.
    await admin.unit.move({ id: cz, parentId: unit.get('JN.LJ')! });
    expect((await supervisorView()).has(cz)).toBe(true);
    expect(await planSeen()).toBe(true);

    await admin.unit.move({ id: cz, parentId: unit.get('JN.YC')! });
    expect((await supervisorView()).has(cz)).toBe(false);
    expect(await planSeen()).toBe(false);
    expect(await auditActions(cz)).toEqual(['unit.move', 'unit.move']);
  });

  it('refuses a move under the unit itself or below it, and changes nothing', async () => {
    for (const parent of ['JN.LJ', 'JN.LJ.QS']) {
      const e = await expectAppError(
        admin.unit.move({ id: unit.get('JN.LJ')!, parentId: unit.get(parent)! }),
        'BAD_REQUEST',
      );
      if (parent !== 'JN.LJ') {
        expect((e as { fieldIssues?: unknown }).fieldIssues).toEqual([
          { path: 'parentId', messageKey: 'unit.move_cycle' },
        ]);
      }
    }
    const lj = await env.db
      .selectFrom('units')
      .select('parent_id')
      .where('id', '=', unit.get('JN.LJ')!)
      .executeTakeFirstOrThrow();
    expect(lj.parent_id).toBe(unit.get('JN'));
    await expectAppError(
      admin.unit.move({ id: randomUUID(), parentId: null }),
      'NOT_FOUND',
      'common.not_found',
    );
  });
});

describe('accounts and teams', () => {
  it('resets a password: the old one stops working and every session ends', async () => {
    const { token } = await login(env.deps, 'chenjing');
    const target = await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'chenjing')
      .executeTakeFirstOrThrow();
    await admin.user.resetPassword({ id: target.id, password: 'Xinmima2026!' });
    const { caller: stale } = await callerFor(env.deps, { token });
    await expectAppError(stale.plan.list(), 'UNAUTHORIZED');
    const { caller } = await callerFor(env.deps, { ip: '203.0.113.9' });
    await expectAppError(
      caller.auth.login({ username: 'chenjing', password: DEMO_PASSWORD }),
      'UNAUTHORIZED',
      'auth.invalid_credentials',
    );
    await login(env.deps, 'chenjing', { password: 'Xinmima2026!' });
    expect(await auditActions(target.id)).toContain('user.reset_password');
    // Too weak a password is refused by the shared rule.
    await expectAppError(
      admin.user.resetPassword({ id: target.id, password: '123' }),
      'BAD_REQUEST',
    );
  });

  it('disables a user, ending their sessions; enables them again', async () => {
    const { token } = await login(env.deps, 'liuyang');
    const id = (
      await env.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'liuyang')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await admin.user.setDisabled({ id, disabled: true })).disabled).toBe(true);
    const { caller } = await callerFor(env.deps, { token });
    await expectAppError(caller.plan.list(), 'UNAUTHORIZED');
    expect((await admin.user.setDisabled({ id, disabled: false })).disabled).toBe(false);
    await login(env.deps, 'liuyang');
  });

  it('renames a team and changes its leader', async () => {
    const [first] = await admin.team.list();
    const renamed = await admin.team.rename({ teamId: first!.id, name: '第一督查组' });
    expect(renamed.name).toBe('第一督查组');
    const other = first!.memberIds.find((m) => m !== first!.leaderId)!;
    const led = await admin.team.setMembers({
      teamId: first!.id,
      memberIds: first!.memberIds,
      leaderId: other,
    });
    expect(led.leaderId).toBe(other);
    const [second] = (await admin.team.list()).filter((t) => t.id !== first!.id);
    await expectAppError(
      admin.team.rename({ teamId: second!.id, name: '第一督查组' }),
      'CONFLICT',
      'team.name_taken',
    );
    expect(await auditActions(first!.id)).toEqual(
      expect.arrayContaining(['team.update', 'team.set_members']),
    );
  });

  it('refuses every other role', async () => {
    const someone = unit.get('JN.CZT')!;
    for (const username of ['inspector', 'leader', 'supervisor']) {
      const caller = await signedIn(env.deps, username);
      for (const attempt of [
        caller.unit.create({ parentId: null, name: '非法', kind: 'department', code: 'X.Y' }),
        caller.unit.update({ id: someone, name: '非法' }),
        caller.unit.move({ id: someone, parentId: null }),
        caller.user.resetPassword({ id: randomUUID(), password: 'Xinmima2026!' }),
        caller.team.rename({ teamId: randomUUID(), name: '非法' }),
      ]) {
        await expectAppError(attempt, 'FORBIDDEN', 'auth.forbidden');
      }
    }
    const czt = await env.db
      .selectFrom('units')
      .select(['name', 'parent_id'])
      .where('id', '=', someone)
      .executeTakeFirstOrThrow();
    expect(czt).toEqual({ name: '江南省财政厅', parent_id: unit.get('JN') });
  });
});
