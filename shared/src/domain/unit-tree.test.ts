import { describe, expect, it } from 'vitest';
import { ancestry, buildUnitTree, isInSubtree, subtreeIds } from './unit-tree';

const units = [
  { id: 'prov', parentId: null },
  { id: 'city1', parentId: 'prov' },
  { id: 'city2', parentId: 'prov' },
  { id: 'county1', parentId: 'city1' },
  { id: 'county2', parentId: 'city1' },
  { id: 'dept', parentId: 'prov' },
];

describe('unit tree', () => {
  it('collects a subtree, root included', () => {
    expect([...subtreeIds(units, 'city1')].sort()).toEqual(['city1', 'county1', 'county2']);
    expect(subtreeIds(units, 'prov').size).toBe(6);
    expect(subtreeIds(units, 'missing').size).toBe(0);
  });

  it('answers scope questions', () => {
    expect(isInSubtree(units, 'city1', 'county2')).toBe(true);
    expect(isInSubtree(units, 'city1', 'city2')).toBe(false);
    expect(isInSubtree(units, 'county1', 'city1')).toBe(false);
  });

  it('survives a cycle in bad data', () => {
    const cyclic = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect([...subtreeIds(cyclic, 'a')].sort()).toEqual(['a', 'b']);
    expect(ancestry(cyclic, 'a').map((u) => u.id)).toEqual(['b', 'a']);
    const tree = buildUnitTree(cyclic);
    expect(tree.map((n) => n.unit.id)).toEqual(['a']);
    expect(tree[0]?.children.map((n) => n.unit.id)).toEqual(['b']);
    expect(tree[0]?.children[0]?.children).toEqual([]);
  });

  it('gives the chain from the root', () => {
    expect(ancestry(units, 'county2').map((u) => u.id)).toEqual(['prov', 'city1', 'county2']);
  });

  it('nests a flat list, making orphans roots', () => {
    const tree = buildUnitTree(units);
    expect(tree.map((n) => n.unit.id)).toEqual(['prov']);
    expect(tree[0]?.children.map((n) => n.unit.id)).toEqual(['city1', 'city2', 'dept']);
    const scoped = buildUnitTree(units.filter((u) => u.id.startsWith('c') && u.id !== 'city2'));
    expect(scoped.map((n) => n.unit.id)).toEqual(['city1']);
    expect(scoped[0]?.children.map((n) => n.unit.id)).toEqual(['county1', 'county2']);
  });
});
