import { describe, expect, it } from 'vitest';
import { byChineseName, byCodeUnit } from './compare';

describe('orderings', () => {
  it('sorts ISO times, ids and codes as written, and names by pinyin', () => {
    expect(['2026-03-10', '2026-03-02', '2025-12-31'].sort(byCodeUnit)).toEqual([
      '2025-12-31',
      '2026-03-02',
      '2026-03-10',
    ]);
    expect(byCodeUnit('a', 'a')).toBe(0);
    expect(['王芳', '李华', '张明', '赵强'].sort(byChineseName)).toEqual(
      ['王芳', '李华', '张明', '赵强'].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    );
    expect(['张明', '李华'].sort(byChineseName)).toEqual(['李华', '张明']);
  });
});
