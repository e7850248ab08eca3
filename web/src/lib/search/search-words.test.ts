import { describe, expect, it } from 'vitest';
import { bigramSplitter, segmenterSplitter } from './search-words';

describe('word splitters', () => {
  it('splits Han runs into consecutive pairs when no segmenter exists', () => {
    expect(bigramSplitter('消防通道堵塞')).toEqual(['消防', '通道', '堵塞']);
    expect(bigramSplitter('违规发放津补贴')).toEqual(['违规', '发放', '津补', '补贴']);
    expect(bigramSplitter('台账')).toEqual(['台账']);
  });

  it('keeps Latin and digit runs whole and drops punctuation', () => {
    expect(bigramSplitter('abc-123')).toEqual(['abc', '123']);
    expect(bigramSplitter('苏a12345')).toEqual(['苏', 'a12345']);
  });

  it('uses Chinese word rules through Intl.Segmenter, keeping words only', () => {
    const split = segmenterSplitter(new Intl.Segmenter('zh', { granularity: 'word' }));
    const parts = split('消防通道，堵塞');
    expect(parts).toContain('堵塞');
    expect(parts).not.toContain('，');
    expect(parts.join('')).toBe('消防通道堵塞');
  });
});
