import { describe, expect, it } from 'vitest';
import { uid } from './fixtures.test-support';
import { UnitMoveInput } from './admin.schema';
import { PlanManageCreateInput, PlanManageListInput } from './plan-manage.schema';
import { BookSaveInput } from './responsibility-book.schema';
import { TemplateImportInput } from './template-admin.schema';

const plan = {
  title: '计划',
  kind: 'special',
  teamId: uid(1),
  targetUnitId: uid(2),
  windowStart: '2026-07-01',
  windowEnd: '2026-07-02',
  templateId: uid(3),
};

describe('console inputs', () => {
  it('checks a plan’s window and lets only a 回头看 name an earlier plan', () => {
    expect(PlanManageCreateInput.parse(plan)).toMatchObject({
      confidential: false,
      description: '',
      followUpOfPlanId: null,
    });
    const late = PlanManageCreateInput.safeParse({ ...plan, windowEnd: '2026-06-30' });
    expect(late.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['windowEnd', 'validation.window_order'],
    ]);
    const named = PlanManageCreateInput.safeParse({ ...plan, followUpOfPlanId: uid(9) });
    expect(named.error?.issues.map((i) => i.message)).toEqual(['plan.follow_up_only']);
    expect(
      PlanManageCreateInput.safeParse({ ...plan, kind: 'follow_up', followUpOfPlanId: uid(9) })
        .success,
    ).toBe(true);
  });

  it('pages plans at most 100 at a time, with a window in order', () => {
    expect(PlanManageListInput.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(PlanManageListInput.safeParse({ pageSize: 101 }).success).toBe(false);
    expect(
      PlanManageListInput.safeParse({ windowFrom: '2026-07-02', windowTo: '2026-07-01' }).success,
    ).toBe(false);
  });

  it('refuses a unit moved under itself, an import that is not base64, duplicate points', () => {
    expect(UnitMoveInput.safeParse({ id: uid(1), parentId: uid(1) }).success).toBe(false);
    expect(
      TemplateImportInput.safeParse({ format: 'xlsx', base64: '不是base64', intoId: null }).success,
    ).toBe(false);
    const point = { id: uid(5), card: 'risk', category: '财务', content: '违规发放' };
    const book = { unitId: uid(1), year: 2026, baseVersion: null, title: '责任书' };
    expect(BookSaveInput.safeParse({ ...book, points: [point] }).success).toBe(true);
    expect(BookSaveInput.safeParse({ ...book, points: [point, point] }).success).toBe(false);
    expect(BookSaveInput.safeParse({ ...book, year: 1999, points: [] }).success).toBe(false);
  });
});
