import type { SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { placeNoticeKey } from './place-notice';
import { answerView, inspectionView, newestFirst, planView, templateView } from './visit-records';

const rec = (type: SyncRecord['type'], id: string, fields: SyncRecord['fields']): SyncRecord => ({
  type,
  id,
  planId: 'p',
  version: 2,
  deleted: null,
  fields,
  stamps: {},
});

describe('visit records', () => {
  it('reads a plan leniently: bad fields take safe defaults', () => {
    const plan = planView(
      rec('plan', 'p', { title: '检查', kind: 'nonsense', templateVersion: '3' }),
    );
    expect(plan).toMatchObject({
      title: '检查',
      kind: null,
      templateVersion: null,
      description: '',
    });
  });

  it('gives no template when its sections do not parse', () => {
    expect(templateView(rec('template', 't@1', { sections: 'x' }))).toBeNull();
    expect(templateView(rec('template', 't@1', { sections: [] }))).toMatchObject({
      id: 't',
      version: 1,
      sections: [],
    });
  });

  it('treats an unknown inspection status as locked and keeps the latest return comments', () => {
    expect(inspectionView(rec('inspection', 'i', { status: '???' })).status).toBe('submitted');
    const returned = inspectionView(
      rec('inspection', 'i', {
        status: 'returned',
        returnedAt: '2026-03-03T00:00:00Z',
        reviewComments: [
          { itemId: 'a', text: '旧意见', at: '2026-03-01T00:00:00Z' },
          { itemId: 'a', text: '补充照片', at: '2026-03-03T00:00:00Z' },
          { itemId: null, text: '整体', at: '2026-03-03T00:00:00Z' },
          { itemId: 'b' },
        ],
      }),
    );
    expect(returned.reviewComments).toEqual([
      { itemId: 'a', text: '补充照片' },
      { itemId: null, text: '整体' },
    ]);
  });

  it('reads an answer, keeping the raw stored values as the bases of the next patch', () => {
    const a = answerView(
      rec('answer', 'i:item', {
        itemId: 'item',
        answer: { kind: 'score', value: 99999 },
        remark: '说明',
      }),
    );
    // An answer the schema refuses is shown as unanswered, but its raw value is still the base.
    expect(a.answer).toBeNull();
    expect(a.raw).toEqual({
      answer: { kind: 'score', value: 99999 },
      remark: '说明',
      evidence: null,
    });
    expect(answerView(rec('answer', 'i:x', {})).itemId).toBe('x');
  });

  it('sorts newest first, stable by id', () => {
    const rows = [
      { id: 'b', at: '2026-03-01' },
      { id: 'a', at: '2026-03-01' },
      { id: 'c', at: '2026-03-02' },
    ];
    expect(newestFirst(rows, (r) => r.at).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('maps why a visit started without a position to a message', () => {
    expect(placeNoticeKey('denied')).toBe('visit_place_denied');
    expect(placeNoticeKey('unsupported')).toBe('visit_place_unavailable');
    expect(placeNoticeKey('toString')).toBeNull();
    expect(placeNoticeKey(null)).toBeNull();
  });
});
