import { randomUUID } from 'node:crypto';
import type { PlanManageCreateInput } from '@ducha/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_IDS } from '../seed/demo-templates';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { planChanges, pullAll, type Caller } from '../sync/sync-test-support';
import { insertTemplate, getTemplate } from '../template/template.service';

/*
 * Planning through the API (plan.create / update / assign / cancel, plan.manage.*), and the
 * rule that matters most: a 四不两直 plan's target reaches nobody outside its team and its
 * creator — not through a list, a read, an edit, a follow-up reference or an error.
 */

let env: TestEnv;
const unit = new Map<string, string>();
const team = new Map<string, string>();
const as: Record<string, Caller> = {};

beforeAll(async () => {
  env = await setupTestEnv();
  for (const u of await env.db.selectFrom('units').select(['id', 'code']).execute()) {
    unit.set(u.code, u.id);
  }
  for (const t of await env.db.selectFrom('teams').select(['id', 'name']).execute()) {
    team.set(t.name, t.id);
  }
  for (const name of [
    'supervisor',
    'sunwei',
    'leader',
    'zhoumin',
    'inspector',
    'chenjing',
    'liuyang',
    'admin',
  ]) {
    as[name] = await signedIn(env.deps, name);
  }
});
afterAll(() => env.cleanup());

const FIRST = '第一检查组';
const SECOND = '第二检查组';

function planInput(over: Partial<PlanManageCreateInput> = {}): PlanManageCreateInput {
  return {
    title: `测试计划 ${randomUUID().slice(0, 8)}`,
    kind: 'special',
    confidential: false,
    teamId: team.get(FIRST)!,
    targetUnitId: unit.get('JN.LJ.DH')!,
    windowStart: '2026-07-01',
    windowEnd: '2026-07-03',
    templateId: TEMPLATE_IDS.eightRules,
    description: '',
    followUpOfPlanId: null,
    ...over,
  };
}

const planCount = async () =>
  Number(
    (
      await env.db
        .selectFrom('plans')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function auditOf(planId: string) {
  return env.db
    .selectFrom('audit_events')
    .select(['action', 'details', 'actor_id'])
    .where('entity', '=', 'plan')
    .where('entity_id', '=', planId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The error a caller gets for an id that does not exist, to compare with. */
async function missingError(promise: Promise<unknown>) {
  const e = await expectAppError(promise, 'NOT_FOUND', 'common.not_found');
  return e.message;
}

describe('plan.create', () => {
  it('pins the latest template version and makes a 四不两直 plan confidential', async () => {
    const latest = await getTemplate(env.db, TEMPLATE_IDS.midyear);
    const created = await as.supervisor!.plan.create(
      planInput({ kind: 'unannounced', confidential: false, templateId: TEMPLATE_IDS.midyear }),
    );
    expect(created).toMatchObject({
      kind: 'unannounced',
      status: 'planned',
      confidential: true,
      templateVersion: latest.version,
      canManage: true,
      targetUnit: { id: unit.get('JN.LJ.DH') },
    });
    const [event] = await auditOf(created.id);
    expect(event).toMatchObject({ action: 'plan.create' });
    // The trail names the team and the kind, never the secret target.
    expect(JSON.stringify(event!.details)).not.toContain(unit.get('JN.LJ.DH')!);
  });

  it('refuses a window out of order, an unknown template and an archived one, writing nothing', async () => {
    const before = await planCount();
    await expectAppError(
      as.supervisor!.plan.create(planInput({ windowStart: '2026-07-05', windowEnd: '2026-07-01' })),
      'BAD_REQUEST',
    );
    const e = await expectAppError(
      as.supervisor!.plan.create(planInput({ templateId: randomUUID() })),
      'BAD_REQUEST',
      'common.validation_failed',
    );
    expect(e.message).toBe('common.validation_failed');
    expect(await planCount()).toBe(before);
  });

  it('lets a supervisor plan only inside their scope', async () => {
    const before = await planCount();
    const outside = await expectAppError(
      as.sunwei!.plan.create(planInput({ targetUnitId: unit.get('JN.YC.SM')! })),
      'BAD_REQUEST',
      'common.validation_failed',
    );
    expect((outside as { fieldIssues?: unknown }).fieldIssues).toEqual([
      { path: 'targetUnitId', messageKey: 'common.not_found' },
    ]);
    expect(await planCount()).toBe(before);
    const inside = await as.sunwei!.plan.create(planInput({ targetUnitId: unit.get('JN.LJ.QS')! }));
    expect(inside.targetUnit.id).toBe(unit.get('JN.LJ.QS'));
  });

  it('lets a team leader plan only for a team they lead; inspectors and admins plan nothing', async () => {
    const mine = await as.leader!.plan.create(planInput({ targetUnitId: unit.get('JN.YC.SM')! }));
    expect(mine.team.id).toBe(team.get(FIRST));
    const other = await expectAppError(
      as.leader!.plan.create(planInput({ teamId: team.get(SECOND)! })),
      'BAD_REQUEST',
    );
    expect((other as { fieldIssues?: unknown }).fieldIssues).toEqual([
      { path: 'teamId', messageKey: 'plan.team_not_led' },
    ]);
    for (const who of ['inspector', 'admin'] as const) {
      await expectAppError(as[who]!.plan.create(planInput()), 'FORBIDDEN', 'auth.forbidden');
      await expectAppError(as[who]!.plan.manage.list({}), 'FORBIDDEN', 'auth.forbidden');
    }
  });

  it('names an earlier plan only for a 回头看', async () => {
    const earlier = await as.supervisor!.plan.create(planInput());
    // zod refuses it before the service runs.
    await expectAppError(
      as.supervisor!.plan.create(planInput({ followUpOfPlanId: earlier.id })),
      'BAD_REQUEST',
    );
    const followUp = await as.supervisor!.plan.create(
      planInput({ kind: 'follow_up', followUpOfPlanId: earlier.id }),
    );
    expect(followUp.followUpOfPlanId).toBe(earlier.id);
  });
});

describe('a 四不两直 plan under secrecy', () => {
  let secret: { id: string };
  beforeAll(async () => {
    secret = await as.supervisor!.plan.create(
      planInput({
        kind: 'unannounced',
        title: '暗访：东湖区',
        targetUnitId: unit.get('JN.LJ.DH')!,
      }),
    );
  });

  it('is seen by its team and its creator', async () => {
    for (const who of ['inspector', 'chenjing', 'leader', 'supervisor'] as const) {
      expect((await as[who]!.plan.list()).map((p) => p.id)).toContain(secret.id);
      expect((await as[who]!.plan.get({ id: secret.id })).targetUnit.id).toBe(unit.get('JN.LJ.DH'));
    }
    const leaderRows = await as.leader!.plan.manage.list({ pageSize: 100 });
    expect(leaderRows.rows.find((r) => r.id === secret.id)?.canManage).toBe(true);
  });

  it('answers everyone else exactly like a plan that does not exist', async () => {
    const ghost = randomUUID();
    for (const who of ['liuyang', 'zhoumin', 'sunwei', 'admin'] as const) {
      const caller = as[who]!;
      expect((await caller.plan.list()).some((p) => p.id === secret.id)).toBe(false);
      expect(await missingError(caller.plan.get({ id: secret.id }))).toBe(
        await missingError(caller.plan.get({ id: ghost })),
      );
    }
    for (const who of ['zhoumin', 'sunwei'] as const) {
      const caller = as[who]!;
      // Not in the console list, whatever the filter that would match it.
      for (const filter of [
        {},
        { unitId: unit.get('JN.LJ.DH')! },
        { kind: 'unannounced' as const },
        { windowFrom: '2026-07-01', windowTo: '2026-07-03' },
      ]) {
        const page = await caller.plan.manage.list({ ...filter, pageSize: 100 });
        expect(page.rows.some((r) => r.id === secret.id)).toBe(false);
        expect(page.rows.some((r) => r.title === '暗访：东湖区')).toBe(false);
      }
      for (const id of [secret.id, ghost]) {
        await expectAppError(caller.plan.manage.get({ id }), 'NOT_FOUND', 'common.not_found');
        await expectAppError(
          caller.plan.update({ ...planInput({ targetUnitId: unit.get('JN.LJ.QS')! }), id }),
          'NOT_FOUND',
          'common.not_found',
        );
        await expectAppError(
          caller.plan.assign({ id, teamId: team.get(SECOND)! }),
          'NOT_FOUND',
          'common.not_found',
        );
        await expectAppError(caller.plan.cancel({ id }), 'NOT_FOUND', 'common.not_found');
        // Naming it as the plan a 回头看 re-checks fails like naming nothing.
        const asFollowUp = await expectAppError(
          caller.plan.create(
            planInput({
              kind: 'follow_up',
              followUpOfPlanId: id,
              teamId: team.get(SECOND)!,
              targetUnitId: unit.get('JN.LJ.QS')!,
            }),
          ),
          'BAD_REQUEST',
        );
        expect((asFollowUp as { fieldIssues?: unknown }).fieldIssues).toEqual([
          { path: 'followUpOfPlanId', messageKey: 'common.not_found' },
        ]);
      }
      const candidates = await caller.plan.manage.followUpCandidates({});
      expect(candidates.some((c) => c.id === secret.id)).toBe(false);
    }
    // The inspector of the other team does not reach the console at all.
    await expectAppError(as.liuyang!.plan.manage.list({}), 'FORBIDDEN', 'auth.forbidden');
    await expectAppError(
      as.liuyang!.plan.manage.get({ id: secret.id }),
      'FORBIDDEN',
      'auth.forbidden',
    );
    // Nothing was changed by any refused call.
    const row = await env.db
      .selectFrom('plans')
      .select(['status', 'team_id', 'title'])
      .where('id', '=', secret.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'planned', team_id: team.get(FIRST), title: '暗访：东湖区' });
  });

  it('never reaches the other team through sync', async () => {
    const { changes } = await pullAll(env, as.liuyang!, randomUUID(), null);
    expect(planChanges(changes).upserted.has(secret.id)).toBe(false);
    expect(JSON.stringify(changes)).not.toContain('暗访：东湖区');
  });
});

describe('changing a plan', () => {
  it('edits a planned plan, keeping its pinned version unless another template is chosen', async () => {
    const plan = await as.supervisor!.plan.create(
      planInput({ templateId: TEMPLATE_IDS.eightRules }),
    );
    const pinned = plan.templateVersion;
    // A newer version of the same template appears; the plan keeps what it was given.
    const current = await getTemplate(env.db, TEMPLATE_IDS.eightRules);
    await insertTemplate(env.db, { ...current, version: current.version + 1 }, null);
    const edited = await as.supervisor!.plan.update({
      ...planInput(),
      id: plan.id,
      title: '改过的标题',
      windowStart: '2026-08-01',
      windowEnd: '2026-08-02',
      templateId: TEMPLATE_IDS.eightRules,
    });
    expect(edited).toMatchObject({ title: '改过的标题', windowStart: '2026-08-01' });
    expect(edited.templateVersion).toBe(pinned);
    const switched = await as.supervisor!.plan.update({
      ...planInput(),
      id: plan.id,
      templateId: TEMPLATE_IDS.midyear,
    });
    expect(switched.templateId).toBe(TEMPLATE_IDS.midyear);
    expect(switched.templateVersion).toBe(
      (await getTemplate(env.db, TEMPLATE_IDS.midyear)).version,
    );
    await expectAppError(
      as.supervisor!.plan.update({
        ...planInput({ windowStart: '2026-09-09', windowEnd: '2026-09-01' }),
        id: plan.id,
      }),
      'BAD_REQUEST',
    );
    expect((await as.supervisor!.plan.manage.get({ id: plan.id })).windowStart).toBe('2026-07-01');

    await env.db
      .updateTable('plans')
      .set({ status: 'in_progress' })
      .where('id', '=', plan.id)
      .execute();
    await expectAppError(
      as.supervisor!.plan.update({ ...planInput(), id: plan.id }),
      'CONFLICT',
      'plan.not_editable',
    );
    await expectAppError(
      as.supervisor!.plan.assign({ id: plan.id, teamId: team.get(SECOND)! }),
      'CONFLICT',
      'plan.not_editable',
    );
  });

  it('reassigns a plan: devices of the old team lose it, the new team pulls it', async () => {
    const plan = await as.supervisor!.plan.create(
      planInput({ kind: 'unannounced', title: '暗访：改派', targetUnitId: unit.get('JN.LJ.BJ')! }),
    );
    const oldPhone = randomUUID();
    const newPhone = randomUUID();
    const before = await pullAll(env, as.inspector!, oldPhone, null);
    expect(planChanges(before.changes).upserted.has(plan.id)).toBe(true);
    const other = await pullAll(env, as.liuyang!, newPhone, null);
    expect(planChanges(other.changes).upserted.has(plan.id)).toBe(false);

    const moved = await as.supervisor!.plan.assign({ id: plan.id, teamId: team.get(SECOND)! });
    expect(moved.team.id).toBe(team.get(SECOND));

    const lost = await pullAll(env, as.inspector!, oldPhone, before.cursor);
    expect(planChanges(lost.changes).revoked.has(plan.id)).toBe(true);
    const gained = await pullAll(env, as.liuyang!, newPhone, other.cursor);
    expect(planChanges(gained.changes).upserted.has(plan.id)).toBe(true);
    await expectAppError(as.inspector!.plan.get({ id: plan.id }), 'NOT_FOUND');
    expect((await as.liuyang!.plan.get({ id: plan.id })).title).toBe('暗访：改派');
  });

  it('cancels a plan once, and audits every change', async () => {
    const plan = await as.leader!.plan.create(planInput());
    env.clock.advance(1000);
    await as.leader!.plan.update({ ...planInput(), id: plan.id, title: '组长改的标题' });
    env.clock.advance(1000);
    const cancelled = await as.leader!.plan.cancel({ id: plan.id });
    expect(cancelled.status).toBe('cancelled');
    await expectAppError(
      as.leader!.plan.cancel({ id: plan.id }),
      'CONFLICT',
      'plan.not_cancellable',
    );
    const events = await auditOf(plan.id);
    expect(events.map((e) => e.action)).toEqual(['plan.create', 'plan.update', 'plan.cancel']);
    expect(events[1]!.details).toEqual({ changed: ['title'] });
  });
});

describe('plan.manage.list', () => {
  it('pages and filters what the caller sees', async () => {
    const all = await as.supervisor!.plan.manage.list({ pageSize: 100 });
    expect(all.total).toBe(all.rows.length);
    const first = await as.supervisor!.plan.manage.list({ pageSize: 3, page: 1 });
    const second = await as.supervisor!.plan.manage.list({ pageSize: 3, page: 2 });
    expect(first.total).toBe(all.total);
    expect(first.rows).toHaveLength(3);
    expect(second.rows.map((r) => r.id)).toEqual(all.rows.slice(3, 6).map((r) => r.id));

    const talks = await as.supervisor!.plan.manage.list({ kind: 'talk', pageSize: 100 });
    expect(talks.rows.length).toBeGreaterThan(0);
    expect(talks.rows.every((r) => r.kind === 'talk')).toBe(true);
    const done = await as.supervisor!.plan.manage.list({ status: 'done', pageSize: 100 });
    expect(done.rows.every((r) => r.status === 'done')).toBe(true);
    const second_ = await as.supervisor!.plan.manage.list({
      teamId: team.get(SECOND)!,
      pageSize: 100,
    });
    expect(second_.rows.every((r) => r.team.id === team.get(SECOND))).toBe(true);

    const lj = await as.supervisor!.plan.manage.list({ unitId: unit.get('JN.LJ')!, pageSize: 100 });
    const ljUnits = new Set(
      ['JN.LJ', 'JN.LJ.BJ', 'JN.LJ.DH', 'JN.LJ.QS', 'JN.LJ.CZJ'].map((c) => unit.get(c)),
    );
    expect(lj.rows.length).toBeGreaterThan(0);
    expect(lj.rows.every((r) => ljUnits.has(r.targetUnit.id))).toBe(true);

    const july = await as.supervisor!.plan.manage.list({
      windowFrom: '2026-07-02',
      windowTo: '2026-07-02',
      pageSize: 100,
    });
    expect(july.rows.length).toBeGreaterThan(0);
    expect(
      july.rows.every((r) => r.windowStart <= '2026-07-02' && r.windowEnd >= '2026-07-02'),
    ).toBe(true);
    await expectAppError(as.supervisor!.plan.manage.list({ pageSize: 1000 }), 'BAD_REQUEST');
  });

  it('shows a supervisor with a narrower scope only plans in it (or of their own making)', async () => {
    const page = await as.sunwei!.plan.manage.list({ pageSize: 100 });
    const ljUnits = new Set(
      ['JN.LJ', 'JN.LJ.BJ', 'JN.LJ.DH', 'JN.LJ.QS', 'JN.LJ.CZJ'].map((c) => unit.get(c)),
    );
    expect(page.rows.length).toBeGreaterThan(0);
    for (const r of page.rows) expect(ljUnits.has(r.targetUnit.id)).toBe(true);
    // Asking for a unit outside the scope finds nothing rather than something.
    const yc = await as.sunwei!.plan.manage.list({ unitId: unit.get('JN.YC')!, pageSize: 100 });
    expect(yc).toMatchObject({ rows: [], total: 0 });
    const candidates = await as.sunwei!.plan.manage.followUpCandidates({});
    for (const c of candidates) expect(ljUnits.has(c.targetUnit.id)).toBe(true);
  });

  it('offers each planner the teams they may plan for', async () => {
    expect((await as.supervisor!.plan.manage.teams()).map((t) => t.name).sort()).toEqual([
      FIRST,
      SECOND,
    ]);
    const led = await as.leader!.plan.manage.teams();
    expect(led).toHaveLength(1);
    expect(led[0]).toMatchObject({ id: team.get(FIRST), name: FIRST, leaderName: '李华' });
    expect([...led[0]!.memberNames].sort()).toEqual(['张明', '李华', '陈静'].sort());
  });

  it('lists earlier plans a 回头看 may re-check, with what they left open', async () => {
    const candidates = await as.supervisor!.plan.manage.followUpCandidates({
      unitId: unit.get('JN.CZT')!,
    });
    const special = candidates.find((c) => c.kind === 'special' && c.status === 'done');
    expect(special).toBeDefined();
    expect(special!.findingCount).toBeGreaterThan(0);
    const open = await env.db
      .selectFrom('rectification_items')
      .select('id')
      .where('responsible_unit_id', '=', unit.get('JN.CZT')!)
      .where('status', '<>', 'closed')
      .execute();
    expect(special!.openItemCount).toBe(open.length);
    expect(candidates.every((c) => c.kind !== 'follow_up')).toBe(true);
  });
});
