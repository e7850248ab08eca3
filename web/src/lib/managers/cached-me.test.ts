import { Me } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { parseCachedMe } from './cached-me';

const me = {
  id: '8a67b4f2-3b4b-4bc7-a423-c0b8baeecf61',
  username: 'inspector',
  displayName: '张明',
  role: 'inspector',
  locale: 'zh-CN',
  unitId: null,
  teamIds: ['a801acc4-faf7-445b-8b8e-3e3e1652e248'],
};

describe('the cached signed-in user', () => {
  it('reads back what the server said, exactly as the Me schema would', () => {
    expect(parseCachedMe(JSON.parse(JSON.stringify(me)))).toEqual(Me.parse(me));
    expect(parseCachedMe({ ...me, unitId: me.id })?.unitId).toBe(me.id);
  });

  it('ignores anything that does not look like one', () => {
    for (const bad of [
      null,
      'inspector',
      { ...me, role: 'root' },
      { ...me, locale: 'fr' },
      { ...me, id: '' },
      { ...me, teamIds: 'x' },
      { ...me, teamIds: [1] },
      { ...me, unitId: 3 },
      { ...me, displayName: undefined },
    ]) {
      expect(parseCachedMe(bad)).toBeNull();
    }
  });
});
