import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchDoc } from './search-index';
import { bigramSplitter, segmenterSplitter, type WordSplitter } from './search-words';

const NOW = Date.parse('2026-03-10T00:00:00Z');

let n = 0;
function doc(overrides: Partial<SearchDoc>): SearchDoc {
  n += 1;
  return {
    kind: 'note',
    id: `d${String(n).padStart(5, '0')}`,
    href: `/visits/v${n}`,
    at: '2026-03-01T00:00:00Z',
    title: '',
    tags: '',
    body: '',
    context: '',
    ...overrides,
  };
}

const index = (docs: SearchDoc[], split: WordSplitter = bigramSplitter) =>
  new SearchIndex(docs, { split, now: () => NOW });
const ids = (idx: SearchIndex, q: string) => idx.search(q).map((h) => h.doc.id);

const splitters: [string, WordSplitter][] = [
  ['Intl.Segmenter', segmenterSplitter(new Intl.Segmenter('zh', { granularity: 'word' }))],
  ['character pairs (no Segmenter)', bigramSplitter],
];

describe('SearchIndex', () => {
  it('finds Chinese words inside unspaced text', () => {
    const hit = doc({ body: '食堂后门的消防通道被杂物堵塞，灭火器过期。' });
    const miss = doc({ body: '公务接待清单与报销凭证一致。' });
    const idx = index([hit, miss]);

    expect(ids(idx, '通道')).toEqual([hit.id]);
    expect(ids(idx, '灭火器过期')).toEqual([hit.id]);
    expect(ids(idx, '报销')).toEqual([miss.id]);
  });

  it('needs every space-separated term, in any order and field', () => {
    const both = doc({ title: '公车私用', body: '周末使用公务车辆前往景区' });
    const one = doc({ body: '周末加班，无公车使用记录' });
    const idx = index([both, one]);

    expect(ids(idx, '景区 公车')).toEqual([both.id]);
    // The ideographic space a Chinese keyboard types separates terms too.
    expect(ids(idx, '景区\u3000公车')).toEqual([both.id]);
    expect(ids(idx, '公车')).toEqual(expect.arrayContaining([both.id, one.id]));
  });

  it('folds full-width letters and digits and case both ways', () => {
    const latin = doc({ body: 'Wi-Fi 密码贴在 ABC-123 号机房门口' });
    const wide = doc({ body: '车牌号：苏Ａ１２３４５' });
    const idx = index([latin, wide]);

    expect(ids(idx, 'ａｂｃ－１２３')).toEqual([latin.id]);
    expect(ids(idx, 'wi-fi')).toEqual([latin.id]);
    expect(ids(idx, 'a12345')).toEqual([wide.id]);
  });

  it('ranks a title match above tags above body', () => {
    const inBody = doc({ body: '发现违规发放津补贴' });
    const inTags = doc({ tags: '津补贴 专项' });
    const inTitle = doc({ title: '违规发放津补贴', kind: 'finding' });
    const idx = index([inBody, inTags, inTitle]);

    expect(ids(idx, '津补贴')).toEqual([inTitle.id, inTags.id, inBody.id]);
  });

  it('ranks more occurrences higher, then newer records first', () => {
    const once = doc({ body: '台账缺失', at: '2026-03-09T00:00:00Z' });
    const thrice = doc({
      body: '台账缺失；整改台账未更新；销号台账无签字',
      at: '2025-01-01T00:00:00Z',
    });
    const older = doc({ body: '台账缺失', at: '2025-12-01T00:00:00Z' });
    const idx = index([older, once, thrice]);

    expect(ids(idx, '台账')).toEqual([thrice.id, once.id, older.id]);
  });

  it('returns nothing for a blank query', () => {
    const idx = index([doc({ body: '任何内容' })]);
    expect(idx.search('')).toEqual([]);
    expect(idx.search(' \u3000 ')).toEqual([]);
  });

  for (const [name, split] of splitters) {
    it(`finds a term whose words stand apart in the text, below exact matches (${name})`, () => {
      const apart = doc({ body: '消防通道长期被堵塞' });
      const exact = doc({ body: '二楼消防通道堵塞严重', at: '2025-01-01T00:00:00Z' });
      const unrelated = doc({ body: '消防设施完好，通道畅通' });
      const idx = index([apart, exact, unrelated], split);

      const hits = idx.search('消防通道堵塞');
      expect(hits.map((h) => h.doc.id)).toEqual([exact.id, apart.id]);
      expect(hits.map((h) => h.exact)).toEqual([true, false]);
      expect(hits[1]!.marks.join('')).toContain('堵塞');
    });
  }

  it('searches 10,000 notes fast enough for a phone (time printed, not asserted)', () => {
    const phrases = ['消防通道', '公务接待', '津补贴', '台账', '公车', '会议记录', '报销凭证'];
    const docs = Array.from({ length: 10_000 }, (_, i) =>
      doc({
        body: `${phrases[i % phrases.length]}检查情况：第${i}号记录，现场查看资料${'相关'.repeat(i % 40)}，发现问题已登记并要求整改。`,
        at: new Date(NOW - i * 3_600_000).toISOString(),
      }),
    );
    const segmenter = splitters[0]![1];
    let t = performance.now();
    const idx = index(docs, segmenter);
    const built = performance.now() - t;
    const timings: string[] = [];
    for (const q of ['消防', '公务接待 整改', '第9999号', '消防通道堵塞', '不存在的词']) {
      t = performance.now();
      const count = idx.search(q).length;
      timings.push(`${q}: ${count} hits in ${(performance.now() - t).toFixed(1)} ms`);
    }
    console.log(
      `search over 10,000 notes: index built in ${built.toFixed(1)} ms; ${timings.join('; ')}`,
    );
    expect(idx.search('第9999号').map((h) => h.doc.id)).toEqual([docs[9999]!.id]);
  });
});
