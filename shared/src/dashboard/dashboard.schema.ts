import { z } from 'zod';
import { Id, IsoDate } from '../domain/common.schema';
import { messageKey } from '../i18n/message-key';
import { PERIOD_KINDS, TREND_GRANULARITIES, daysInclusive } from './period';

/** Longest range a dashboard query accepts: a few years of trends, never an unbounded scan. */
export const DASHBOARD_MAX_DAYS = 3 * 366;

/** China-time days `from`..`to` inclusive, optionally narrowed to a unit's subtree. */
export const DashboardFilter = z
  .object({
    from: IsoDate,
    to: IsoDate,
    unitId: Id.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.from > f.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: messageKey('dashboard.range_order') });
    } else if (daysInclusive(f.from, f.to) > DASHBOARD_MAX_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: messageKey('dashboard.range_too_long'),
      });
    }
  });
export type DashboardFilter = z.infer<typeof DashboardFilter>;

export const PeriodKind = z.enum(PERIOD_KINDS);
export type PeriodKind = z.infer<typeof PeriodKind>;
export const TrendGranularity = z.enum(TREND_GRANULARITIES);
export type TrendGranularity = z.infer<typeof TrendGranularity>;

export const DashboardTrendsInput = z.object({
  filter: DashboardFilter,
  granularity: TrendGranularity,
});
export type DashboardTrendsInput = z.infer<typeof DashboardTrendsInput>;

/** A 周调度 / 旬分析 / 月总结 summary: the period of `kind` holding the China-time day `date`. */
export const DashboardSummaryInput = z.object({
  kind: PeriodKind,
  date: IsoDate,
  unitId: Id.optional(),
});
export type DashboardSummaryInput = z.infer<typeof DashboardSummaryInput>;

export const RecentVisitsInput = z.object({
  filter: DashboardFilter,
  limit: z.number().int().min(1).max(100).default(20),
});
export type RecentVisitsInput = z.infer<typeof RecentVisitsInput>;
