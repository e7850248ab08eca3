import { describe, expect, it } from 'vitest';
import { planItem } from '$lib/testing/fixtures';
import { chinaToday, groupOf, groupPlans, isOverdue } from './plan-grouping';

describe('chinaToday', () => {
  it('uses China Standard Time, not the device zone', () => {
    // 2026-03-01 16:30 UTC is already 00:30 on 2 March in Beijing.
    expect(chinaToday(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(chinaToday(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
  });
});

describe('groupOf', () => {
  const today = '2026-03-03';

  it('puts a planned visit whose window covers today under 今天', () => {
    expect(groupOf(planItem({ windowStart: '2026-03-03', windowEnd: '2026-03-03' }), today)).toBe(
      'today',
    );
    expect(groupOf(planItem({ windowStart: '2026-03-01', windowEnd: '2026-03-05' }), today)).toBe(
      'today',
    );
  });

  it('puts a planned visit that starts later under 即将开始', () => {
    expect(groupOf(planItem({ windowStart: '2026-03-04', windowEnd: '2026-03-09' }), today)).toBe(
      'upcoming',
    );
  });

  it('keeps an overdue planned visit under 今天 and flags it', () => {
    const late = planItem({ windowStart: '2026-02-20', windowEnd: '2026-03-02' });
    expect(groupOf(late, today)).toBe('today');
    expect(isOverdue(late, today)).toBe(true);
    expect(isOverdue(planItem({ windowEnd: '2026-03-03' }), today)).toBe(false);
  });

  it('groups by status before dates', () => {
    const future = { windowStart: '2026-04-01', windowEnd: '2026-04-02' };
    expect(groupOf(planItem({ ...future, status: 'in_progress' }), today)).toBe('inProgress');
    expect(groupOf(planItem({ ...future, status: 'done' }), today)).toBe('done');
    expect(groupOf(planItem({ ...future, status: 'cancelled' }), today)).toBe('done');
    expect(isOverdue(planItem({ windowEnd: '2026-01-01', status: 'done' }), today)).toBe(false);
  });
});

describe('groupPlans', () => {
  it('sorts every plan into exactly one group, in a useful order', () => {
    const today = '2026-03-03';
    const soon = planItem({ title: 'B', windowStart: '2026-03-10', windowEnd: '2026-03-12' });
    const sooner = planItem({ title: 'A', windowStart: '2026-03-04', windowEnd: '2026-03-20' });
    const endsLater = planItem({ windowStart: '2026-03-01', windowEnd: '2026-03-09' });
    const endsFirst = planItem({ windowStart: '2026-03-03', windowEnd: '2026-03-03' });
    const oldDone = planItem({
      status: 'done',
      windowStart: '2026-01-01',
      windowEnd: '2026-01-02',
    });
    const newDone = planItem({
      status: 'done',
      windowStart: '2026-02-01',
      windowEnd: '2026-02-02',
    });
    const running = planItem({ status: 'in_progress' });
    const all = [soon, oldDone, endsLater, running, sooner, newDone, endsFirst];

    const groups = groupPlans(all, today);

    expect(groups.today.map((p) => p.id)).toEqual([endsFirst.id, endsLater.id]);
    expect(groups.upcoming.map((p) => p.id)).toEqual([sooner.id, soon.id]);
    expect(groups.inProgress.map((p) => p.id)).toEqual([running.id]);
    expect(groups.done.map((p) => p.id)).toEqual([newDone.id, oldDone.id]);
    const total = Object.values(groups).reduce((sum, list) => sum + list.length, 0);
    expect(total).toBe(all.length);
  });

  it('does not reorder the caller’s array', () => {
    const a = planItem({ windowStart: '2026-03-09', windowEnd: '2026-03-09' });
    const b = planItem({ windowStart: '2026-03-05', windowEnd: '2026-03-05' });
    const input = [a, b];
    groupPlans(input, '2026-03-01');
    expect(input).toEqual([a, b]);
  });
});
