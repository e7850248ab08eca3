import type { PlanListItem } from '@ducha/shared';
import { byChineseName, byCodeUnit } from '$lib/format/compare';

/** The four sections of 我的计划, in display order. */
export const PLAN_GROUPS = ['today', 'upcoming', 'inProgress', 'done'] as const;
export type PlanGroup = (typeof PLAN_GROUPS)[number];

export type GroupedPlans = Record<PlanGroup, PlanListItem[]>;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Today's calendar day (YYYY-MM-DD) in China Standard Time. Plan windows are CST calendar days
 * (UTC+8 all year), so a phone set to another zone still agrees with the office on "today".
 */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Still only planned although its window has passed: it needs attention, not hiding. */
export function isOverdue(plan: PlanListItem, today: string): boolean {
  return plan.status === 'planned' && plan.windowEnd < today;
}

export function groupOf(plan: PlanListItem, today: string): PlanGroup {
  switch (plan.status) {
    case 'done':
    case 'cancelled':
      return 'done';
    case 'in_progress':
      return 'inProgress';
    case 'planned':
      // An overdue plan stays under 今天: it is due now, and the card marks it 已逾期.
      return plan.windowStart > today ? 'upcoming' : 'today';
  }
}

const byStartThenTitle = (a: PlanListItem, b: PlanListItem) =>
  byCodeUnit(a.windowStart, b.windowStart) || byChineseName(a.title, b.title);
const byEndThenTitle = (a: PlanListItem, b: PlanListItem) =>
  byCodeUnit(a.windowEnd, b.windowEnd) || byChineseName(a.title, b.title);

/**
 * Sorts the caller's plans into 今天 / 即将开始 / 进行中 / 已完成. `today` is a CST calendar day
 * (see `chinaToday`); ISO dates compare correctly as strings.
 */
export function groupPlans(plans: readonly PlanListItem[], today: string): GroupedPlans {
  const groups: GroupedPlans = { today: [], upcoming: [], inProgress: [], done: [] };
  for (const plan of plans) groups[groupOf(plan, today)].push(plan);
  groups.today.sort(byEndThenTitle);
  groups.upcoming.sort(byStartThenTitle);
  groups.inProgress.sort(byEndThenTitle);
  // Most recently finished first.
  groups.done.sort((a, b) => byEndThenTitle(b, a));
  return groups;
}
