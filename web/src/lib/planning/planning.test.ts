import type { PlanManageRow } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createPlanningService } from '$lib/services/planning.service';
import { createTemplateService } from '$lib/services/template.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { emptyPlanForm, toPlanDraft, toPlanEdit } from './plan-form';
import { PLANNING_PAGE_SIZE, PlanningManager } from './planning.svelte';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function row(n: number, over: Partial<PlanManageRow> = {}): PlanManageRow {
  return {
    id: ID(n),
    title: `计划 ${n}`,
    kind: 'special',
    status: 'planned',
    confidential: false,
    targetUnit: { id: ID(100), name: '临江市' },
    team: { id: ID(200), name: '第一检查组' },
    windowStart: '2026-07-01',
    windowEnd: '2026-07-02',
    templateId: ID(300),
    templateVersion: 2,
    templateTitle: '专项检查表',
    description: '',
    followUpOfPlanId: null,
    createdBy: { id: ID(400), name: '王芳' },
    canManage: true,
    ...over,
  };
}

function setup(handlers: Record<string, (input: unknown) => unknown> = {}) {
  const server = fakeTrpcServer({
    'plan.manage.teams': () => [
      { id: ID(200), name: '第一检查组', leaderName: '李华', memberNames: ['李华'] },
    ],
    'template.list': () => [
      {
        id: ID(300),
        version: 3,
        title: '专项检查表',
        description: '',
        planKinds: [],
        sectionCount: 1,
        itemCount: 2,
        createdAt: '2026-03-01T00:00:00.000Z',
        archived: false,
      },
    ],
    'plan.manage.list': (input) => {
      const { page } = input as { page: number };
      return { rows: [row(page)], total: 45, page, pageSize: PLANNING_PAGE_SIZE };
    },
    ...handlers,
  });
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  const connectivity = new ConnectivityManager(true);
  const manager = new PlanningManager({
    planning: createPlanningService(api),
    templates: createTemplateService(api),
    connectivity,
    locale: () => 'zh-CN',
  });
  return { server, manager, connectivity };
}

describe('PlanningManager', () => {
  it('loads the first page, the teams and the templates not archived', async () => {
    const { server, manager } = setup();
    await manager.load();
    expect(manager.rows.map((r) => r.id)).toEqual([ID(1)]);
    expect(manager.total).toBe(45);
    expect(manager.pageCount).toBe(3);
    expect(manager.teams.map((t) => t.name)).toEqual(['第一检查组']);
    expect(manager.templateVersion(ID(300))).toBe(3);
    expect(server.calls.find((c) => c.procedure === 'template.list')?.input).toEqual({
      includeArchived: false,
    });
  });

  it('sends the filter with the page, and starts again at page 1 when the filter changes', async () => {
    const { server, manager } = setup();
    await manager.load();
    await manager.goTo(3);
    expect(manager.page).toBe(3);
    await manager.goTo(9); // past the end: the last page
    expect(manager.page).toBe(3);
    await manager.setFilter({ kind: 'unannounced', unitId: ID(100) });
    const last = server.calls.filter((c) => c.procedure === 'plan.manage.list').at(-1)!;
    expect(last.input).toEqual({
      kind: 'unannounced',
      unitId: ID(100),
      page: 1,
      pageSize: PLANNING_PAGE_SIZE,
    });
    expect(manager.page).toBe(1);
  });

  it('returns the server’s field issues of a refused plan and keeps the list', async () => {
    const { manager } = setup({
      'plan.create': () => {
        throw new FakeTrpcError('BAD_REQUEST', 400, {
          messageKey: 'common.validation_failed',
          issues: [{ path: 'targetUnitId', message: '记录不存在' }],
        });
      },
    });
    await manager.load();
    const draft = toPlanDraft({ ...emptyPlanForm('2026-07-01'), title: '计划', teamId: ID(200) });
    const error = await manager.create(draft);
    expect(error?.kind).toBe('validation');
    expect(error?.issues).toEqual([{ path: 'targetUnitId', message: '记录不存在' }]);
    expect(manager.rows).toHaveLength(1);
  });

  it('reloads the page after a change', async () => {
    let cancelled = false;
    const { server, manager } = setup({
      'plan.cancel': () => {
        cancelled = true;
        return row(1, { status: 'cancelled' });
      },
      'plan.manage.list': () => ({
        rows: [row(1, { status: cancelled ? 'cancelled' : 'planned' })],
        total: 1,
        page: 1,
        pageSize: PLANNING_PAGE_SIZE,
      }),
    });
    await manager.load();
    expect(await manager.cancel(ID(1))).toBeNull();
    expect(manager.rows[0]!.status).toBe('cancelled');
    expect(server.calls.find((c) => c.procedure === 'plan.cancel')?.input).toEqual({ id: ID(1) });
  });

  it('says it needs the network when offline, without losing what it showed', async () => {
    const { server, manager, connectivity } = setup();
    await manager.load();
    server.offline = true;
    await manager.goTo(2);
    expect(manager.error?.kind).toBe('offline');
    expect(connectivity.online).toBe(false);
    expect(manager.rows.map((r) => r.id)).toEqual([ID(1)]);
  });
});

describe('the plan form', () => {
  it('makes a 四不两直 plan confidential and names an earlier plan only for a 回头看', () => {
    const base = { ...emptyPlanForm('2026-07-01'), title: '  暗访  ', followUpOfPlanId: ID(9) };
    expect(toPlanDraft({ ...base, kind: 'unannounced' })).toMatchObject({
      title: '暗访',
      confidential: true,
      followUpOfPlanId: null,
    });
    expect(toPlanDraft({ ...base, kind: 'follow_up' }).followUpOfPlanId).toBe(ID(9));
    expect(toPlanEdit(ID(1), { ...base, kind: 'special', confidential: true })).toMatchObject({
      id: ID(1),
      confidential: true,
    });
    expect(toPlanEdit(ID(1), { ...base, kind: 'special' })).not.toHaveProperty('teamId');
  });
});
