import { describe, expect, it } from 'vitest';
import { highlight, matchRanges, snippet } from './search-highlight';
import { queryTerms } from './search-normalize';

const hits = (segments: { text: string; hit: boolean }[]) =>
  segments.filter((s) => s.hit).map((s) => s.text);

describe('highlight', () => {
  it('marks each occurrence in the text as written', () => {
    expect(highlight('台账缺失，整改台账未更新', ['台账'])).toEqual([
      { text: '台账', hit: true },
      { text: '缺失，整改', hit: false },
      { text: '台账', hit: true },
      { text: '未更新', hit: false },
    ]);
  });

  it('highlights full-width and upper-case text matched by a half-width query', () => {
    expect(hits(highlight('车牌号苏Ａ１２３４５', queryTerms('a123')))).toEqual(['Ａ１２３']);
    expect(hits(highlight('Wi-Fi 密码', queryTerms('WI-fi')))).toEqual(['Wi-Fi']);
  });

  it('maps through characters NFKC expands', () => {
    // ㈱ becomes "(株)": a match on 株 highlights the whole original character.
    expect(hits(highlight('某㈱公司', ['株']))).toEqual(['㈱']);
  });

  it('merges overlapping marks', () => {
    expect(matchRanges('消防通道', ['消防', '防通', '通道'])).toEqual([[0, 4]]);
  });
});

describe('snippet', () => {
  it('keeps short text whole', () => {
    expect(snippet('灭火器过期', ['过期'])).toEqual([
      { text: '灭火器', hit: false },
      { text: '过期', hit: true },
    ]);
  });

  it('shows the passage around a late match in long text, with ellipses', () => {
    const text = `${'现场查看了会议记录和财务资料，'.repeat(20)}发现违规发放津补贴三万元。${'其他情况正常。'.repeat(10)}`;
    const out = snippet(text, ['津补贴'], 60);
    const shown = out.map((s) => s.text).join('');
    expect(out[0]).toEqual({ text: '…', hit: false });
    expect(out[out.length - 1]).toEqual({ text: '…', hit: false });
    expect(hits(out)).toEqual(['津补贴']);
    expect(shown.length).toBeLessThanOrEqual(62);
  });

  it('never cuts a character outside the basic plane in half', () => {
    const text = `${'𠀀'.repeat(50)}问题${'𠀀'.repeat(50)}`;
    const shown = snippet(text, ['问题'], 21)
      .map((s) => s.text)
      .join('');
    expect(shown).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u,
    );
    expect(shown).toContain('问题');
  });
});
