import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createDashboardService, type DashboardSummary } from '$lib/services/dashboard.service';
import { FakeTrpcError, fakeTrpcServer, type Handler } from '$lib/testing/fake-trpc-server';
import { DashboardManager } from './dashboard.svelte';
import { summaryText } from './summary-text';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
// Monday 2026-12-07, 10:00 in Beijing.
const NOW = new Date('2026-12-07T02:00:00Z');

function summary(input: { kind: 'week' | 'dekad' | 'month'; date: string }): DashboardSummary {
  const c = (current: number, previous: number) => ({
    current,
    previous,
    delta: current - previous,
  });
  return {
    period: { kind: input.kind, start: input.date, end: input.date },
    previous: { kind: input.kind, start: input.date, end: input.date },
    asOf: '2026-12-07',
    visits: c(3, 1),
    findings: c(4, 6),
    byCategory: [
      { category: 'funds', ...c(1, 0) },
      { category: 'eight_rules', ...c(3, 2) },
      { category: 'conduct', ...c(0, 4) },
    ],
    created: c(2, 2),
    closed: c(1, 0),
    wentOverdue: c(1, 0),
    relapses: c(0, 1),
    topUnits: [
      { unitId: ID(1), unitName: '临江市滨江区', count: 3 },
      { unitId: ID(2), unitName: '青山县', count: 1 },
    ],
  };
}

function setup(over: Record<string, Handler> = {}) {
  const server = fakeTrpcServer({
    'dashboard.findings': () => ({
      total: 4,
      byUnit: [{ unitId: ID(1), unitName: '临江市滨江区', count: 4 }],
      byCategory: [{ category: 'funds', count: 4 }],
      byForm: [{ form: 'form1', count: 4 }],
    }),
    'dashboard.ledger': () => ({
      due: 4,
      closedOfDue: 1,
      rate: 0.25,
      overdue: 3,
      overdueItems: [],
      created: 4,
      closed: 2,
      relapses: 1,
    }),
    'dashboard.scores': () => [],
    'dashboard.trends': (input) => {
      const { granularity } = input as { granularity: string };
      return [
        {
          bucket: granularity === 'week' ? '2026-11-30' : '2026-11-01',
          findings: 1,
          visits: 0,
          created: 0,
          closed: 0,
          relapses: 0,
        },
      ];
    },
    'dashboard.recentVisits': () => [],
    'dashboard.summary': (input) => summary(input as { kind: 'week'; date: string }),
    ...over,
  });
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  const connectivity = new ConnectivityManager(true);
  const manager = new DashboardManager({
    dashboard: createDashboardService(api),
    connectivity,
    locale: () => 'zh-CN',
    now: () => NOW,
  });
  return { server, manager };
}

const inputsOf = (server: ReturnType<typeof setup>['server'], procedure: string) =>
  server.calls.filter((c) => c.procedure === procedure).map((c) => c.input);

describe('DashboardManager', () => {
  it('loads the last 90 China days, the weekly trends and this week’s summary', async () => {
    const { server, manager } = setup();
    expect(manager.filter).toEqual({ from: '2026-09-09', to: '2026-12-07' });
    await manager.load();
    expect(manager.loaded).toBe(true);
    expect(manager.error).toBeNull();
    expect(manager.findings?.total).toBe(4);
    expect(manager.ledger?.rate).toBe(0.25);
    expect(manager.trends[0]?.bucket).toBe('2026-11-30');
    expect(inputsOf(server, 'dashboard.trends')).toEqual([
      { filter: { from: '2026-09-09', to: '2026-12-07' }, granularity: 'week' },
    ]);
    expect(inputsOf(server, 'dashboard.summary')).toEqual([{ kind: 'week', date: '2026-12-07' }]);
    expect(manager.summaryIsCurrent).toBe(true);
  });

  it('passes the unit filter to every figure and the summary', async () => {
    const { server, manager } = setup();
    await manager.load();
    server.calls.length = 0;
    await manager.setFilter({ from: '2026-11-01', to: '2026-11-30', unitId: ID(1) });
    const filter = { from: '2026-11-01', to: '2026-11-30', unitId: ID(1) };
    expect(inputsOf(server, 'dashboard.findings')).toEqual([filter]);
    expect(inputsOf(server, 'dashboard.ledger')).toEqual([filter]);
    expect(inputsOf(server, 'dashboard.recentVisits')).toEqual([{ filter, limit: 10 }]);
    expect(inputsOf(server, 'dashboard.summary')).toEqual([
      { kind: 'week', date: '2026-12-07', unitId: ID(1) },
    ]);
  });

  it('steps the summary through 旬 periods and never past the running one', async () => {
    const { server, manager } = setup();
    await manager.load();
    await manager.setSummaryKind('dekad');
    await manager.stepSummary(1);
    await manager.stepSummary(-1);
    await manager.stepSummary(-1);
    expect(manager.summaryIsCurrent).toBe(false);
    await manager.stepSummary(1);
    expect(inputsOf(server, 'dashboard.summary').slice(1)).toEqual([
      { kind: 'dekad', date: '2026-12-07' },
      { kind: 'dekad', date: '2026-11-21' },
      { kind: 'dekad', date: '2026-11-11' },
      { kind: 'dekad', date: '2026-11-21' },
    ]);
  });

  it('reloads only the trends for a new granularity', async () => {
    const { server, manager } = setup();
    await manager.load();
    server.calls.length = 0;
    await manager.setGranularity('month');
    expect(server.calls.map((c) => c.procedure)).toEqual(['dashboard.trends']);
    expect(manager.trends[0]?.bucket).toBe('2026-11-01');
  });

  it('keeps the server’s message when it refuses', async () => {
    const { manager } = setup({
      'dashboard.findings': () => {
        throw new FakeTrpcError(
          'FORBIDDEN',
          403,
          { messageKey: 'auth.forbidden' },
          '无权执行此操作',
        );
      },
    });
    await manager.load();
    expect(manager.loaded).toBe(false);
    expect(manager.error?.message).toBeTruthy();
    expect(manager.error?.kind).not.toBe('offline');
  });
});

describe('summaryText', () => {
  it('words a week in Chinese, categories by count, with the change from last time', () => {
    const text = summaryText(summary({ kind: 'week', date: '2026-12-07' }), 'zh-CN');
    expect(text.heading).toBe('周调度（2026-12-07至2026-12-07）');
    expect(text.paragraphs).toContain('本期完成检查3次，上期1次，增加2。');
    expect(text.paragraphs).toContain(
      '发现问题4个，上期6个，减少2。其中：中央八项规定精神3个、资金管理1个。',
    );
    expect(text.paragraphs.at(-1)).toBe('发现问题较多的单位：临江市滨江区（3个）、青山县（1个）。');
  });

  it('names the 旬 and speaks English when asked', () => {
    const dekad = summaryText(
      {
        ...summary({ kind: 'dekad', date: '2026-11-21' }),
        period: { kind: 'dekad', start: '2026-11-21', end: '2026-11-30' },
      },
      'zh-CN',
    );
    expect(dekad.heading).toBe('2026年11月下旬分析（2026-11-21至2026-11-30）');
    const en = summaryText(summary({ kind: 'month', date: '2026-12-01' }), 'en');
    expect(en.paragraphs).toContain('Visits done: 3 (previous period 1, up 2).');
  });
});

describe('report figures', () => {
  it('write dates, money and answers the way a Chinese document does', async () => {
    const { documentDate, moneyText, answerText, scoreText } = await import('./report-format');
    expect(documentDate('2026-06-03', 'zh-CN')).toBe('2026年6月3日');
    // 23:30 UTC is already the next day in Beijing.
    expect(documentDate('2026-06-02T23:30:00Z', 'zh-CN')).toBe('2026年6月3日');
    expect(documentDate('2026-06-03', 'en')).toBe('3 Jun 2026');
    expect(moneyText(7_899_000, 'zh-CN')).toBe('789.9万元');
    expect(moneyText(1234.5, 'zh-CN')).toBe('1,234.5元');
    expect(moneyText(null, 'zh-CN')).toBeNull();
    expect(answerText({ kind: 'conformity', value: 'partial' }, 'zh-CN')).toBe('部分符合');
    expect(answerText(null, 'zh-CN')).toBe('—');
    expect(scoreText(86.456)).toBe('86.46');
  });
});

describe('chineseOrdinal', () => {
  it('numbers headings as 公文 do', async () => {
    const { chineseOrdinal } = await import('./chinese-numerals');
    expect([1, 3, 10, 12, 20, 21, 99].map(chineseOrdinal)).toEqual([
      '一',
      '三',
      '十',
      '十二',
      '二十',
      '二十一',
      '九十九',
    ]);
  });
});
