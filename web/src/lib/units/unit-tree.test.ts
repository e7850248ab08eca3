import type { Unit } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { flattenUnitTree } from './unit-tree';

const unit = (id: string, parentId: string | null, code: string, name = code): Unit => ({
  id,
  parentId,
  code,
  name,
  kind: 'city',
});

describe('flattenUnitTree', () => {
  it('lists children under their parent, depth first, by code', () => {
    const units = [
      unit('c2', 'p', 'P.02'),
      unit('p', null, 'P'),
      unit('k1', 'c1', 'P.01.01'),
      unit('c1', 'p', 'P.01'),
    ];
    expect(flattenUnitTree(units).map((r) => [r.unit.id, r.depth])).toEqual([
      ['p', 0],
      ['c1', 1],
      ['k1', 2],
      ['c2', 1],
    ]);
  });

  it('starts a tree at a unit whose parent the caller cannot see', () => {
    const scoped = [unit('k1', 'c1', 'P.01.01'), unit('c1', 'p-hidden', 'P.01')];
    expect(flattenUnitTree(scoped).map((r) => [r.unit.id, r.depth])).toEqual([
      ['c1', 0],
      ['k1', 1],
    ]);
  });
});
