import { describe, expect, it } from 'vitest';
import { formatResultDate } from './search-format';

describe('formatResultDate', () => {
  it('shows a plan day as written and an instant as a date', () => {
    expect(formatResultDate('2026-03-02', 'zh-CN')).toBe('2026年3月2日');
    expect(formatResultDate('2026-03-02', 'en')).toBe('Mar 2, 2026');
    expect(formatResultDate('2026-03-02T04:00:00Z', 'zh-CN')).toMatch(/^2026年3月[23]日$/);
  });

  it('shows nothing for a date it cannot read', () => {
    expect(formatResultDate('soon', 'zh-CN')).toBe('');
  });
});
