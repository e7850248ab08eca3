import { randomUUID } from 'node:crypto';
import type { Change } from '@ducha/shared';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { callerFor, login, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { mutation, pullAll, planChanges, T, type Caller } from './sync-test-support';
import { syncDb } from './sync.schema';

/*
 * A unit moving in the tree changes which supervisors see the plans that target it or a unit
 * below it (migration 0006-unit-move-access): a supervisor whose scope no longer holds the
 * target is sent `revoked`, one whose scope now holds it pulls the plan whole, rows older than
 * their cursor included; a plan under secrecy reaches neither, not even as a revocation.
 * There is no unit-management API yet, so the moves are direct updates of units.parent_id.
 */

let env: TestEnv;
const unitId = new Map<string, string>();
const planId = new Map<string, string>();
const recordIds = new Map<string, string[]>(); // plan key → its visit and note ids

/** What a device holds: every record it pulled, by (type, id), with its plan. */
class Device {
  readonly id = randomUUID();
  cursor: string | null = null;
  readonly records = new Map<string, string | null>();

  constructor(readonly caller: Caller) {}

  async pull(): Promise<Change[]> {
    const page = await pullAll(env, this.caller, this.id, this.cursor);
    this.cursor = page.cursor;
    for (const c of page.changes) {
      if (c.op === 'upsert') this.records.set(`${c.type}:${c.id}`, c.planId);
      else if (c.op === 'delete') this.records.delete(`${c.type}:${c.id}`);
      else for (const [key, plan] of this.records) if (plan === c.id) this.records.delete(key);
    }
    return page.changes;
  }

  plans(): Set<string> {
    const ids = new Set<string>();
    for (const key of this.records.keys()) if (key.startsWith('plan:')) ids.add(key.slice(5));
    return ids;
  }

  holds(id: string): boolean {
    return [...this.records.keys()].some((key) => key.endsWith(`:${id}`));
  }

  /** The device holds exactly the plans the policy shows its user (plan.list), no more, no less. */
  async expectInSyncWithPolicy() {
    const visible = new Set((await this.caller.plan.list()).map((p) => p.id));
    expect(this.plans()).toEqual(visible);
  }
}

/** A team member starts a visit of the plan and writes a note in it. */
async function visit(caller: Caller, key: string) {
  const plan = (await caller.plan.list()).find((p) => p.id === planId.get(key))!;
  const [inspection, note] = [randomUUID(), randomUUID()];
  const res = await caller.sync.push({
    deviceId: randomUUID(),
    mutations: [
      mutation(1, 'inspection.start', {
        id: inspection,
        planId: plan.id,
        templateId: plan.templateId,
        templateVersion: plan.templateVersion,
        startedAt: T,
      }),
      mutation(2, 'note.add', {
        id: note,
        inspectionId: inspection,
        itemId: null,
        text: '现场记录',
        createdAt: T,
      }),
    ],
  });
  expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  recordIds.set(key, [inspection, note]);
}

/** Re-parents units with one UPDATE statement, as an administrator's tool would. */
async function move(codes: string[], parentCode: string) {
  await env.db
    .updateTable('units')
    .set({ parent_id: unitId.get(parentCode)! })
    .where(
      'id',
      'in',
      codes.map((c) => unitId.get(c)!),
    )
    .execute();
}

const YC_PASSWORD = 'Yunchuan2026xyz';
let sunwei: Device; // supervisor, scope 临江市 JN.LJ
let yc: Device; // supervisor, scope 云川市 JN.YC
let province: Device; // supervisor, scope 江南省 JN

beforeAll(async () => {
  env = await setupTestEnv();
  const admin = await signedIn(env.deps, 'admin');
  for (const u of await admin.unit.list()) unitId.set(u.code, u.id);
  const plans = await env.db
    .selectFrom('plans')
    .select(['id', 'kind', 'status', 'confidential', 'target_unit_id'])
    .execute();
  const at = (code: string, kind: string) =>
    plans.find((p) => p.target_unit_id === unitId.get(code) && p.kind === kind)!;
  // Open (cancelled, not confidential), second team, target 临江市滨江区.
  const bj = at('JN.LJ.BJ', 'special');
  expect(bj).toMatchObject({ status: 'cancelled', confidential: false });
  planId.set('bj', bj.id);
  // 四不两直, planned, confidential: under secrecy. First team, target 青山县.
  const secret = at('JN.LJ.QS', 'unannounced');
  expect(secret).toMatchObject({ status: 'planned', confidential: true });
  planId.set('secret', secret.id);

  await admin.user.create({
    username: 'ycsupervisor',
    displayName: '督查员（云川市）',
    password: YC_PASSWORD,
    role: 'supervisor',
    scopeUnitId: unitId.get('JN.YC')!,
  });
  // The plans' rows are written before any supervisor's device pulls: older than every cursor.
  await visit(await signedIn(env.deps, 'liuyang'), 'bj');
  await visit(await signedIn(env.deps, 'inspector'), 'secret');

  sunwei = new Device(await signedIn(env.deps, 'sunwei'));
  const { token } = await login(env.deps, 'ycsupervisor', { password: YC_PASSWORD });
  yc = new Device((await callerFor(env.deps, { token })).caller);
  province = new Device(await signedIn(env.deps, 'supervisor'));
  for (const d of [sunwei, yc, province]) {
    await d.pull();
    await d.expectInSyncWithPolicy();
  }
});
afterAll(() => env.cleanup());

const bjIds = () => [planId.get('bj')!, ...recordIds.get('bj')!];
const secretIds = () => [planId.get('secret')!, ...recordIds.get('secret')!];

describe('pull follows units moving in the tree', () => {
  it('revokes a moved county from its old city supervisor, sends it whole to the new', async () => {
    const bj = planId.get('bj')!;
    expect(bjIds().every((id) => sunwei.holds(id))).toBe(true);
    expect(bjIds().some((id) => yc.holds(id))).toBe(false);
    expect(secretIds().some((id) => sunwei.holds(id) || yc.holds(id))).toBe(false);

    // 滨江区 and 青山县 (with the secret visit) leave 临江市 for 云川市, in one statement.
    await move(['JN.LJ.BJ', 'JN.LJ.QS'], 'JN.YC');

    const lost = await sunwei.pull();
    expect(planChanges(lost).revoked).toEqual(new Set([bj]));
    expect(bjIds().some((id) => sunwei.holds(id))).toBe(false);
    await sunwei.expectInSyncWithPolicy();

    const gained = await yc.pull();
    const upserted = new Set(gained.filter((c) => c.op === 'upsert').map((c) => c.id));
    expect([...upserted]).toEqual(expect.arrayContaining(bjIds()));
    expect(planChanges(gained).revoked.size).toBe(0);
    await yc.expectInSyncWithPolicy();

    // The province supervisor sees both cities before and after: nothing revoked.
    expect(planChanges(await province.pull()).revoked.size).toBe(0);
    await province.expectInSyncWithPolicy();

    // The unannounced visit reached nobody, not even its id as a revocation.
    for (const changes of [lost, gained]) {
      expect(changes.some((c) => secretIds().includes(c.id))).toBe(false);
    }
    const secretRevocations = await syncDb(env.db)
      .selectFrom('sync_revocations')
      .select('user_id')
      .where('plan_id', '=', planId.get('secret')!)
      .execute();
    expect(secretRevocations).toEqual([]);
  });

  it("carries plans along with a supervisor's own moving scope, and takes them back", async () => {
    const ycPlans = yc.plans();
    const sunweiPlans = sunwei.plans();
    expect(ycPlans.has(planId.get('bj')!)).toBe(true);

    // 云川市 (now holding 滨江区 and 青山县) moves under 临江市: its supervisor keeps every
    // plan, 临江市's gains them all, whole.
    await move(['JN.YC'], 'JN.LJ');
    const kept = await yc.pull();
    expect(planChanges(kept).revoked.size).toBe(0);
    expect(yc.plans()).toEqual(ycPlans);
    await yc.expectInSyncWithPolicy();

    const gained = await sunwei.pull();
    expect(planChanges(gained).revoked.size).toBe(0);
    expect(bjIds().every((id) => sunwei.holds(id))).toBe(true);
    expect(sunwei.plans()).toEqual(new Set([...sunweiPlans, ...ycPlans]));
    expect(gained.some((c) => secretIds().includes(c.id))).toBe(false);
    await sunwei.expectInSyncWithPolicy();

    // Back under the province: 临江市 loses exactly 云川市's plans, 云川市 loses nothing.
    await move(['JN.YC'], 'JN');
    const lost = await sunwei.pull();
    expect(planChanges(lost).revoked).toEqual(ycPlans);
    expect(sunwei.plans()).toEqual(sunweiPlans);
    await sunwei.expectInSyncWithPolicy();
    expect(planChanges(await yc.pull()).revoked.size).toBe(0);
    await yc.expectInSyncWithPolicy();

    // 滨江区 returns to 临江市: and so does its plan, whole; 云川市 loses it.
    await move(['JN.LJ.BJ'], 'JN.LJ');
    await sunwei.pull();
    expect(bjIds().every((id) => sunwei.holds(id))).toBe(true);
    await sunwei.expectInSyncWithPolicy();
    expect(planChanges(await yc.pull()).revoked).toEqual(new Set([planId.get('bj')!]));
    expect(bjIds().some((id) => yc.holds(id))).toBe(false);
    await yc.expectInSyncWithPolicy();
    expect(planChanges(await province.pull()).revoked.size).toBe(0);

    for (const d of [sunwei, yc, province]) {
      expect(secretIds().some((id) => d.holds(id))).toBe(false);
    }
  });
});
