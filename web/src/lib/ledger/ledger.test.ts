import type { LedgerItemDetail, LedgerListRow, Role } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createLedgerService } from '$lib/services/ledger.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { LedgerItemManager } from './ledger-item.svelte';
import { LEDGER_PAGE_SIZE, LedgerListManager } from './ledger-list.svelte';
import { SpotCheckManager } from './spot-check.svelte';
import { createPlanningService } from '$lib/services/planning.service';
import { createTemplateService } from '$lib/services/template.service';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T09:00:00.000Z';

function row(n: number, over: Partial<LedgerListRow> = {}): LedgerListRow {
  return {
    id: ID(n),
    title: `整改事项 ${n}`,
    status: 'open',
    kind: 'deadline',
    deadline: '2026-04-01',
    effectiveDeadline: '2026-04-01',
    overdue: false,
    responsibleUnit: { id: ID(100), name: '省财政厅' },
    responsiblePerson: '张三',
    category: 'funds',
    findingId: null,
    relapseCount: 0,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

function detail(over: Partial<LedgerItemDetail> = {}): LedgerItemDetail {
  return {
    ...row(1),
    measures: '限期清退',
    talkRecordId: null,
    closedAt: null,
    createdBy: ID(400),
    typicalCase: false,
    finding: null,
    progress: [],
    verifications: [],
    history: [],
    verdicts: [],
    people: { [ID(400)]: '王芳' },
    ...over,
  };
}

function connect(handlers: Record<string, (input: unknown) => unknown>) {
  const server = fakeTrpcServer(handlers);
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  const connectivity = new ConnectivityManager(true);
  return { server, ledger: createLedgerService(api), connectivity };
}

describe('LedgerListManager', () => {
  function setup() {
    const c = connect({
      'ledger.list': (input) => {
        const { page } = input as { page: number };
        return {
          rows: [row(page, { overdue: page === 1 })],
          total: 45,
          page,
          pageSize: LEDGER_PAGE_SIZE,
          statusCounts: { open: 40, closed: 5 },
          overdueCount: 3,
        };
      },
    });
    const manager = new LedgerListManager({ ...c, locale: () => 'zh-CN' });
    return { ...c, manager };
  }
  const lastInput = (server: ReturnType<typeof setup>['server']) =>
    server.calls.filter((c) => c.procedure === 'ledger.list').at(-1)!.input;

  it('loads the first page sorted by deadline, with totals and counts', async () => {
    const { server, manager } = setup();
    await manager.load();
    expect(manager.rows.map((r) => r.id)).toEqual([ID(1)]);
    expect(manager.total).toBe(45);
    expect(manager.pageCount).toBe(3);
    expect(manager.statusCounts).toEqual({ open: 40, closed: 5 });
    expect(manager.overdueCount).toBe(3);
    expect(lastInput(server)).toEqual({
      filter: {},
      sort: 'deadline',
      desc: false,
      page: 1,
      pageSize: LEDGER_PAGE_SIZE,
    });
  });

  it('sends filters and search to the server and starts again at page 1', async () => {
    const { server, manager } = setup();
    await manager.load();
    await manager.goTo(3);
    expect(manager.page).toBe(3);
    await manager.setFilter({ q: '食堂', overdue: true });
    expect(manager.page).toBe(1);
    expect(lastInput(server)).toMatchObject({ filter: { q: '食堂', overdue: true }, page: 1 });
  });

  it('sorts by a column, and reverses when the same column is chosen again', async () => {
    const { server, manager } = setup();
    await manager.sortBy('unit');
    expect(lastInput(server)).toMatchObject({ sort: 'unit', desc: false });
    await manager.sortBy('unit');
    expect(lastInput(server)).toMatchObject({ sort: 'unit', desc: true });
    await manager.sortBy('title');
    expect(lastInput(server)).toMatchObject({ sort: 'title', desc: false });
  });

  it('a status chip narrows to that status, and clicking it again shows all', async () => {
    const { server, manager } = setup();
    await manager.setFilter({ q: '津贴' });
    await manager.toggleStatus('closed');
    expect(lastInput(server)).toMatchObject({ filter: { q: '津贴', statuses: ['closed'] } });
    await manager.toggleStatus('closed');
    expect((lastInput(server) as { filter: object }).filter).toEqual({ q: '津贴' });
  });

  it('keeps the page size bounded and the page within range', async () => {
    const { manager } = setup();
    await manager.load();
    await manager.goTo(99);
    expect(manager.page).toBe(3);
    await manager.goTo(-1);
    expect(manager.page).toBe(1);
  });

  it('reports a server refusal as a user error in the locale', async () => {
    const c = connect({
      'ledger.list': () => {
        throw new FakeTrpcError('FORBIDDEN', 403, { messageKey: 'auth.forbidden' });
      },
    });
    const manager = new LedgerListManager({ ...c, locale: () => 'zh-CN' });
    const error = await manager.load();
    expect(error?.kind).toBe('forbidden');
    expect(manager.error?.message).toBe('无权执行此操作');
    expect(manager.loaded).toBe(false);
  });
});

describe('LedgerItemManager', () => {
  function setup(role: Role, item: LedgerItemDetail, transition?: (input: unknown) => unknown) {
    let current = item;
    const c = connect({
      'ledger.get': () => current,
      'ledger.transition':
        transition ??
        ((input) => {
          current = { ...current, status: 'in_progress', updatedAt: T1 };
          return { ...current, echo: input };
        }),
      'ledger.assign': (input) => {
        const i = input as { responsiblePerson: string };
        current = { ...current, responsiblePerson: i.responsiblePerson, updatedAt: T1 };
        return current;
      },
    });
    const manager = new LedgerItemManager({
      ...c,
      locale: () => 'zh-CN',
      role: () => role,
      upload: (file) => Promise.resolve(`${file.name.padEnd(64, '0')}`),
    });
    return { ...c, manager, setCurrent: (d: LedgerItemDetail) => (current = d) };
  }

  it('offers the transitions the role may fire in the item’s status', async () => {
    const field = setup('team_leader', detail({ status: 'in_progress' }));
    await field.manager.load(ID(1));
    expect(field.manager.events).toEqual(['report_progress', 'submit_for_verification']);
    expect(field.manager.canAssign).toBe(false);
    const sup = setup('supervisor', detail({ status: 'reported' }));
    await sup.manager.load(ID(1));
    expect(sup.manager.events).toEqual(['verify_pass', 'verify_fail']);
    expect(sup.manager.canAssign).toBe(true);
    const closed = setup('supervisor', detail({ status: 'closed' }));
    await closed.manager.load(ID(1));
    expect(closed.manager.events).toEqual(['reopen']);
    expect(closed.manager.canAssign).toBe(false);
  });

  it('fires an event with the version it saw, its reason and evidence', async () => {
    const { server, manager } = setup('team_leader', detail());
    await manager.load(ID(1));
    const error = await manager.fire('submit_for_verification', {
      comment: '已整改',
      evidence: ['a'.repeat(64)],
    });
    expect(error).toBeNull();
    expect(server.calls.find((c) => c.procedure === 'ledger.transition')?.input).toEqual({
      id: ID(1),
      event: 'submit_for_verification',
      expectedUpdatedAt: T0,
      comment: '已整改',
      evidence: ['a'.repeat(64)],
    });
    expect(manager.item?.updatedAt).toBe(T1);
  });

  it('on a conflict shows the error and reloads the item as it is now', async () => {
    const env = setup('supervisor', detail({ status: 'reported' }), () => {
      throw new FakeTrpcError('CONFLICT', 409, { messageKey: 'ledger.stale' });
    });
    await env.manager.load(ID(1));
    env.setCurrent(detail({ status: 'verified', updatedAt: T1 }));
    const error = await env.manager.fire('verify_pass');
    expect(error?.kind).toBe('conflict');
    expect(error?.message).toBe('该整改事项已被他人修改，请刷新后重试');
    expect(env.manager.item?.status).toBe('verified');
  });

  it('assigns (交办) with the version it saw', async () => {
    const { server, manager } = setup('supervisor', detail());
    await manager.load(ID(1));
    await manager.assign({
      responsibleUnitId: ID(100),
      responsiblePerson: '李四',
      kind: 'deadline',
      deadline: '2026-05-01',
      comment: '',
    });
    expect(server.calls.find((c) => c.procedure === 'ledger.assign')?.input).toMatchObject({
      id: ID(1),
      expectedUpdatedAt: T0,
      responsiblePerson: '李四',
    });
    expect(manager.item?.responsiblePerson).toBe('李四');
  });

  it('lists only 整改到位 verdicts as grounds for verification', async () => {
    const verdict = (id: string, v: string) => ({
      id,
      verdict: v,
      comment: '',
      judgedBy: null,
      judgedAt: null,
      planId: null,
    });
    const { manager } = setup(
      'supervisor',
      detail({ verdicts: [verdict('a', 'rectified'), verdict('b', 'partial')] }),
    );
    await manager.load(ID(1));
    expect(manager.rectifiedVerdicts.map((v) => v.id)).toEqual(['a']);
  });

  it('pushes a typical case (以案促改) from an item with a finding, for a supervisor only', async () => {
    const env = setup('supervisor', detail({ findingId: ID(9) }));
    env.server.handlers.set('ledger.typicalCase', (input) =>
      (input as { unitIds: string[] }).unitIds.map((u, i) =>
        row(10 + i, { responsibleUnit: { id: u, name: '' } }),
      ),
    );
    await env.manager.load(ID(1));
    expect(env.manager.canPushTypicalCase).toBe(true);
    const out = await env.manager.pushTypicalCase({
      unitIds: [ID(101), ID(102)],
      measures: '自查自纠',
      responsiblePerson: '负责人',
      deadline: null,
    });
    expect(out).toEqual({ count: 2, error: null });
    expect(env.server.calls.find((c) => c.procedure === 'ledger.typicalCase')?.input).toMatchObject(
      {
        id: ID(1),
        unitIds: [ID(101), ID(102)],
      },
    );
    const field = setup('team_leader', detail({ findingId: ID(9) }));
    await field.manager.load(ID(1));
    expect(field.manager.canPushTypicalCase).toBe(false);
    const noFinding = setup('supervisor', detail());
    await noFinding.manager.load(ID(1));
    expect(noFinding.manager.canPushTypicalCase).toBe(false);
  });

  it('uploads evidence and hands back the hashes', async () => {
    const { manager } = setup('team_leader', detail());
    const { hashes, error } = await manager.uploadEvidence([new File(['x'], 'abc')]);
    expect(error).toBeNull();
    expect(hashes).toEqual(['abc'.padEnd(64, '0')]);
  });
});

describe('SpotCheckManager', () => {
  const draw = (id: string, seed: string) => ({
    id,
    seed,
    ratio: 0.1,
    algorithm: 'fnv1a64-splitmix64-rank/v1',
    populationSize: 20,
    sampleSize: 2,
    population: {},
    drawnBy: { id: ID(400), name: '王芳' },
    drawnAt: T0,
    followUpPlanIds: [] as string[],
    sample: [],
    populationIds: [],
  });

  function setup() {
    const draws = [draw(ID(50), 'a')];
    const c = connect({
      'ledger.spotCheck.list': () => draws,
      'ledger.spotCheck.draw': (input) => {
        const d = draw(ID(51), (input as { seed: string }).seed);
        draws.unshift(d);
        return d;
      },
      'ledger.spotCheck.get': (input) => draws.find((d) => d.id === (input as { id: string }).id),
      'ledger.spotCheck.toPlans': (input) => ({
        ...draws[0]!,
        followUpPlanIds: [ID(60)],
        echo: input,
      }),
      'plan.manage.teams': () => [],
      'template.list': () => [],
    });
    const api = createApiClient({ getLocale: () => 'zh-CN', fetch: c.server.fetch });
    const manager = new SpotCheckManager({
      ledger: c.ledger,
      planning: createPlanningService(api),
      templates: createTemplateService(api),
      connectivity: c.connectivity,
      locale: () => 'zh-CN',
    });
    return { ...c, manager };
  }

  it('draws with the seed and ratio, shows the draw and lists it with the earlier ones', async () => {
    const { server, manager } = setup();
    await manager.load();
    expect(manager.draws.map((d) => d.seed)).toEqual(['a']);
    await manager.draw({ seed: '2026-Q1', ratio: 0.2 });
    expect(server.calls.find((c) => c.procedure === 'ledger.spotCheck.draw')?.input).toEqual({
      seed: '2026-Q1',
      ratio: 0.2,
    });
    expect(manager.current?.seed).toBe('2026-Q1');
    expect(manager.draws.map((d) => d.seed)).toEqual(['2026-Q1', 'a']);
  });

  it('turns the draw on screen into 回头看 plans', async () => {
    const { server, manager } = setup();
    await manager.open(ID(50));
    await manager.toPlans({
      teamId: ID(200),
      templateId: ID(300),
      windowStart: '2026-04-01',
      windowEnd: '2026-04-02',
    });
    expect(server.calls.find((c) => c.procedure === 'ledger.spotCheck.toPlans')?.input).toEqual({
      id: ID(50),
      teamId: ID(200),
      templateId: ID(300),
      windowStart: '2026-04-01',
      windowEnd: '2026-04-02',
    });
    expect(manager.current?.followUpPlanIds).toEqual([ID(60)]);
  });
});
