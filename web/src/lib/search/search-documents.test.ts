import type { SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { planItem } from '$lib/testing/fixtures';
import { searchDocuments } from './search-documents';

const PLAN = 'p1';
const VISIT = 'v1';

function record(type: SyncRecord['type'], id: string, fields: SyncRecord['fields']): SyncRecord {
  return { type, id, planId: PLAN, version: 1, deleted: null, fields, stamps: {} };
}

const plan = record('plan', PLAN, {
  title: '食堂经费专项检查',
  targetUnitId: 'u1',
  windowStart: '2026-03-02',
  description: '重点查看公务接待',
});
const unit = { ...record('unit', 'u1', { name: '省交通运输厅' }), planId: null };
const visit = record('inspection', VISIT, { planId: PLAN, startedAt: '2026-03-03T01:00:00Z' });

describe('searchDocuments', () => {
  it('links notes, remarks and visit findings to the visit, and plans to the plan', () => {
    const docs = searchDocuments({
      records: [
        plan,
        unit,
        visit,
        record('note', 'n1', {
          inspectionId: VISIT,
          text: '后门堆放杂物',
          createdAt: '2026-03-03T02:00:00Z',
        }),
        record('answer', `${VISIT}:i1`, { inspectionId: VISIT, itemId: 'i1', remark: '缺少签字' }),
        record('finding', 'f1', {
          inspectionId: VISIT,
          title: '超标准接待',
          description: '三次',
          unitId: 'u1',
        }),
        record('finding', 'f2', {
          inspectionId: null,
          planId: PLAN,
          title: '台账缺失',
          description: '无',
        }),
      ],
      plans: [],
    });
    const hrefs = Object.fromEntries(docs.map((d) => [`${d.kind}/${d.id}`, d.href]));
    expect(hrefs).toEqual({
      'plan/p1': '/plans/p1',
      'inspection/v1': '/visits/v1',
      'note/n1': '/visits/v1',
      'answer/v1:i1': '/visits/v1',
      'finding/f1': '/visits/v1',
      'finding/f2': '/plans/p1',
    });
    const byId = new Map(docs.map((d) => [d.id, d]));
    // A visit is found by its plan's title and unit; notes show where they were taken.
    expect(byId.get(VISIT)).toMatchObject({ title: '食堂经费专项检查', tags: '省交通运输厅' });
    expect(byId.get('n1')).toMatchObject({
      body: '后门堆放杂物',
      context: '食堂经费专项检查 · 省交通运输厅',
    });
    expect(byId.get('f1')).toMatchObject({ title: '超标准接待', tags: '省交通运输厅' });
  });

  it('leaves out deleted records and answers without a remark', () => {
    const deleted = {
      ...record('note', 'gone', { inspectionId: VISIT, text: '已删除' }),
      deleted: { by: 'x', deviceId: 'd', mutationId: 1, version: 2, at: '2026-03-03T00:00:00Z' },
    };
    const docs = searchDocuments({
      records: [deleted, record('answer', `${VISIT}:i2`, { inspectionId: VISIT, remark: '  ' })],
      plans: [],
    });
    expect(docs).toEqual([]);
  });

  it('takes unit names and not-yet-pulled plans from the cached plan list', () => {
    const cached = planItem({ id: PLAN, title: '缓存中的计划' });
    const other = planItem({ title: '尚未同步的计划' });
    const docs = searchDocuments({
      records: [{ ...plan, fields: { title: '计划' } }],
      plans: [cached, other],
    });

    expect(docs.find((d) => d.id === PLAN)).toMatchObject({ title: '计划', tags: '省交通运输厅' });
    expect(docs.find((d) => d.id === other.id)).toMatchObject({
      kind: 'plan',
      title: '尚未同步的计划',
      href: `/plans/${other.id}`,
    });
    expect(docs.filter((d) => d.id === PLAN)).toHaveLength(1);
  });
});
