import type {
  DashboardFilter,
  DashboardSummaryInput,
  PeriodKind,
  TrendGranularity,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

type Api = ApiClient['dashboard'];
type Out<K extends keyof Api> = Awaited<ReturnType<Api[K]['query']>>;
export type FindingFigures = Out<'findings'>;
export type LedgerFigures = Out<'ledger'>;
export type UnitScore = Out<'scores'>[number];
export type TrendPoint = Out<'trends'>[number];
export type RecentVisit = Out<'recentVisits'>[number];
export type DashboardSummary = Out<'summary'>;

/** 统计分析: the console's dashboard procedures (supervisors). */
export interface DashboardService {
  findings(filter: DashboardFilter): Promise<FindingFigures>;
  ledger(filter: DashboardFilter): Promise<LedgerFigures>;
  scores(filter: DashboardFilter): Promise<UnitScore[]>;
  trends(filter: DashboardFilter, granularity: TrendGranularity): Promise<TrendPoint[]>;
  recentVisits(filter: DashboardFilter, limit: number): Promise<RecentVisit[]>;
  summary(kind: PeriodKind, date: string, unitId?: string): Promise<DashboardSummary>;
}

export function createDashboardService(api: ApiClient): DashboardService {
  return {
    findings: (filter) => api.dashboard.findings.query(filter),
    ledger: (filter) => api.dashboard.ledger.query(filter),
    scores: (filter) => api.dashboard.scores.query(filter),
    trends: (filter, granularity) => api.dashboard.trends.query({ filter, granularity }),
    recentVisits: (filter, limit) => api.dashboard.recentVisits.query({ filter, limit }),
    summary: (kind, date, unitId) => {
      const input: DashboardSummaryInput = { kind, date, ...(unitId ? { unitId } : {}) };
      return api.dashboard.summary.query(input);
    },
  };
}
