import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createReportService, type VisitReport } from '$lib/services/report.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { ReportManager } from './report.svelte';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function report(id: string): VisitReport {
  return {
    inspectionId: id,
    status: 'approved',
    startedAt: '2026-06-03T01:00:00Z',
    submittedAt: '2026-06-03T08:00:00Z',
    approvedAt: null,
    plan: {
      id: ID(9),
      title: '专项检查',
      kind: 'special',
      windowStart: '2026-06-01',
      windowEnd: '2026-06-05',
      description: '',
    },
    unit: { id: ID(8), name: '江南省财政厅' },
    team: { name: '第一检查组', leader: '李华', members: ['李华', '王芳'] },
    template: null,
    sheet: null,
    findings: [],
  };
}

function setup() {
  const server = fakeTrpcServer({
    'report.visit': (input) => {
      const { id } = input as { id: string };
      if (id === ID(2))
        throw new FakeTrpcError('NOT_FOUND', 404, { messageKey: 'common.not_found' });
      return report(id);
    },
  });
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  const manager = new ReportManager({
    reports: createReportService(api),
    connectivity: new ConnectivityManager(true),
    locale: () => 'zh-CN',
  });
  return { server, manager };
}

describe('ReportManager', () => {
  it('loads a visit’s report', async () => {
    const { server, manager } = setup();
    await manager.load(ID(1));
    expect(manager.report?.unit.name).toBe('江南省财政厅');
    expect(manager.error).toBeNull();
    expect(server.calls.map((c) => [c.procedure, c.input])).toEqual([
      ['report.visit', { id: ID(1) }],
    ]);
  });

  it('shows nothing of a report it may not see, and forgets the last one', async () => {
    const { manager } = setup();
    await manager.load(ID(1));
    await manager.load(ID(2));
    expect(manager.report).toBeNull();
    expect(manager.error?.kind).toBe('not_found');
  });
});
