import type { JsonValue } from '@ducha/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveText } from './autosave';

let saves: { value: string; base: JsonValue }[];

function field(initial = '', raw: JsonValue = null, valid: (v: string) => boolean = () => true) {
  return new AutosaveText(initial, raw, {
    delayMs: 500,
    save: (value, base) => {
      if (!valid(value)) return false;
      saves.push({ value, base });
      return value;
    },
  });
}

beforeEach(() => {
  saves = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('AutosaveText', () => {
  it('saves once after typing pauses, with the stored value the user saw as base', () => {
    const f = field('旧', '旧');
    f.input('旧a');
    vi.advanceTimersByTime(300);
    f.input('旧ab');
    vi.advanceTimersByTime(499);
    expect(saves).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saves).toEqual([{ value: '旧ab', base: '旧' }]);
    // What the user saved is what they now see: the base of the next save.
    f.input('旧abc');
    f.flush();
    expect(saves[1]).toEqual({ value: '旧abc', base: '旧ab' });
  });

  it('never saves in the middle of an IME composition', () => {
    const f = field();
    f.compositionStart();
    f.input('zhong', true);
    f.input('zhongguo');
    vi.advanceTimersByTime(5000);
    expect(saves).toEqual([]);
    expect(f.editing).toBe(true);
    f.compositionEnd('中国');
    vi.advanceTimersByTime(500);
    expect(saves).toEqual([{ value: '中国', base: null }]);
  });

  it('saves at once on blur or pagehide (flush), committed text only', () => {
    const f = field();
    f.input('记录');
    f.compositionStart();
    f.flush();
    expect(saves).toEqual([{ value: '记录', base: null }]);
    f.flush();
    expect(saves).toHaveLength(1);
  });

  it('adopts a changed record only while the user is not editing', () => {
    const f = field('a', 'a');
    expect(f.external('b', 'b')).toBe(true);
    f.input('b1');
    // A teammate's value arrives while typing: the typed text stays, the base stays what was seen.
    expect(f.external('teammate', 'teammate')).toBe(false);
    f.flush();
    expect(saves).toEqual([{ value: 'b1', base: 'b' }]);
    expect(f.external('b1', 'b1')).toBe(true);
    expect(f.editing).toBe(false);
  });

  it('keeps invalid text unsaved and still editing', () => {
    const f = field('', null, (v) => /^\d*$/.test(v));
    f.input('1x');
    f.flush();
    expect(saves).toEqual([]);
    expect(f.editing).toBe(true);
    f.input('12');
    f.dispose();
    expect(saves).toEqual([{ value: '12', base: null }]);
  });
});
