import { describe, expect, it } from 'vitest';
import type { SearchDoc, SearchHit, SearchKind } from './search-index';
import { SEARCH_KINDS, groupHits } from './search-results';

function hit(
  kind: SearchKind,
  id: string,
  over: Partial<SearchDoc> = {},
  marks = ['食堂'],
): SearchHit {
  return {
    doc: {
      kind,
      id,
      href: `/x/${id}`,
      at: '2026-03-03',
      title: '',
      tags: '',
      body: '',
      context: '青山县 · 2026-03-03',
      ...over,
    },
    score: 1,
    exact: true,
    marks,
  };
}

const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const marked = (segments: { text: string; hit: boolean }[]) =>
  segments.filter((s) => s.hit).map((s) => s.text);

describe('groupHits', () => {
  it('groups by kind in screen order, each group keeping its hits’ order', () => {
    const groups = groupHits([
      hit('plan', 'p1', { title: '食堂专项检查' }),
      hit('note', 'n1', { body: '食堂后门堵塞' }),
      hit('finding', 'f1', { title: '食堂超标准接待' }),
      hit('note', 'n2', { body: '食堂账目未公示' }),
    ]);
    expect(groups.map((g) => g.kind)).toEqual(['finding', 'note', 'plan']);
    expect(SEARCH_KINDS.indexOf('finding')).toBeLessThan(SEARCH_KINDS.indexOf('plan'));
    expect(groups[1]!.results.map((r) => r.id)).toEqual(['n1', 'n2']);
    expect(groupHits([])).toEqual([]);
  });

  it('shows the first few of a group and says how many there are', () => {
    const hits = Array.from({ length: 5 }, (_, i) => hit('note', `n${i}`, { body: '食堂' }));
    const [group] = groupHits(hits, 3);
    expect(group!.total).toBe(5);
    expect(group!.results.map((r) => r.id)).toEqual(['n0', 'n1', 'n2']);
  });

  it('highlights the title and cuts a snippet of the body around the match', () => {
    const body = `${'检查组按计划到达现场并查阅了相关台账资料，'.repeat(4)}发现食堂账目未公示`;
    const [group] = groupHits([hit('finding', 'f1', { title: '食堂超标准接待', body, at: null })]);
    const result = group!.results[0]!;
    expect(result).toMatchObject({
      kind: 'finding',
      id: 'f1',
      href: '/x/f1',
      at: null,
      context: '青山县 · 2026-03-03',
      exact: true,
    });
    expect(text(result.title)).toBe('食堂超标准接待');
    expect(marked(result.title)).toEqual(['食堂']);
    expect(marked(result.snippet)).toEqual(['食堂']);
    expect(text(result.snippet).length).toBeLessThan(body.length);
  });

  it('a record without a title shows its snippet alone; without a body, its tags', () => {
    const [notes, answers] = groupHits([
      hit('note', 'n1', { body: '食堂后门堵塞' }),
      hit('answer', 'a1', { tags: '张三 食堂管理员' }),
    ]);
    expect(notes!.results[0]!.title).toEqual([]);
    expect(text(notes!.results[0]!.snippet)).toBe('食堂后门堵塞');
    expect(text(answers!.results[0]!.snippet)).toBe('张三 食堂管理员');
    const [empty] = groupHits([hit('inspection', 'i1', { title: '食堂' })]);
    expect(empty!.results[0]!.snippet).toEqual([]);
  });
});
