import { describe, expect, it } from 'vitest';
import {
  byRole,
  formatDay,
  formatHeldAt,
  fromLocalInput,
  personLine,
  toLocalInput,
} from './talk-format';

const person = (
  name: string,
  role: 'talker' | 'subject' | 'recorder' | 'attendee',
  position = '',
) => ({
  name,
  position,
  role,
  unitId: null,
  userId: null,
});

describe('talk-format', () => {
  it('round-trips an instant through a datetime-local value in the device’s zone', () => {
    const iso = '2026-03-02T01:30:00.000Z';
    const local = toLocalInput(iso);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(local)).toBe(iso);
    expect(toLocalInput('nope')).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-03-02')).toBeNull();
  });

  it('writes times and days in Chinese and English', () => {
    expect(formatHeldAt('2026-03-02T01:30:00.000Z', 'zh-CN')).toContain('2026年3月');
    expect(formatHeldAt('2026-03-02T01:30:00.000Z', 'en')).toContain('2026');
    expect(formatDay('2026-04-02', 'zh-CN')).toBe('2026年4月2日');
    expect(formatDay('2026-04-02', 'en')).toBe('Apr 2, 2026');
  });

  it('names people with their position', () => {
    expect(personLine(person('陈国栋', 'subject', '区委书记'), 'zh-CN')).toBe('陈国栋（区委书记）');
    expect(personLine(person('Chen', 'subject', 'Secretary'), 'en')).toBe('Chen (Secretary)');
    expect(personLine(person('张明', 'recorder'), 'zh-CN')).toBe('张明');
  });

  it('groups people by role in the memo’s order', () => {
    const list = [
      person('张明', 'recorder'),
      person('陈国栋', 'subject'),
      person('李华', 'talker'),
      person('王芳', 'talker'),
    ];
    expect(byRole(list).map((g) => [g.role, g.people.map((p) => p.name)])).toEqual([
      ['talker', ['李华', '王芳']],
      ['subject', ['陈国栋']],
      ['recorder', ['张明']],
    ]);
  });
});
