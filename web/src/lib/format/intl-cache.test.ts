import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from './intl-cache';

describe('cached Intl formatters', () => {
  it('gives the same formatter for the same locale and options, and formats like a fresh one', () => {
    const a = dateTimeFormat('zh-CN', { month: 'long', day: 'numeric', timeZone: 'UTC' });
    const b = dateTimeFormat('zh-CN', { month: 'long', day: 'numeric', timeZone: 'UTC' });
    expect(a).toBe(b);
    expect(a.format(new Date('2026-03-02T00:00:00Z'))).toBe('3月2日');
    expect(dateTimeFormat('en', { month: 'long', day: 'numeric', timeZone: 'UTC' })).not.toBe(a);
    expect(numberFormat('zh-CN', { maximumFractionDigits: 2 }).format(1200.5)).toBe('1,200.5');
    expect(numberFormat('zh-CN', { maximumFractionDigits: 0 }).format(1200.5)).toBe('1,201');
  });
});
