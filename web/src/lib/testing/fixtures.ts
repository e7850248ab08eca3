import type { Me, PlanListItem } from '@ducha/shared';

export const inspector: Me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'inspector',
  displayName: '张明',
  role: 'inspector',
  locale: 'zh-CN',
  unitId: null,
  teamIds: ['00000000-0000-4000-8000-0000000000a1'],
};

let n = 0;

/** A plan row as `plan.list` returns it; override what the test is about. */
export function planItem(overrides: Partial<PlanListItem> = {}): PlanListItem {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title: `检查计划 ${n}`,
    kind: 'special',
    status: 'planned',
    confidential: false,
    targetUnit: { id: '00000000-0000-4000-8000-0000000000b1', name: '省交通运输厅' },
    team: { id: '00000000-0000-4000-8000-0000000000a1', name: '第一检查组' },
    windowStart: '2026-03-02',
    windowEnd: '2026-03-05',
    templateId: '00000000-0000-4000-8000-0000000000c1',
    templateVersion: 1,
    ...overrides,
  };
}
