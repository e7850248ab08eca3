import type { Unit } from './unit.schema';

type TreeUnit = Pick<Unit, 'id' | 'parentId'>;

/**
 * The ids of `rootId` and every unit below it. A supervisor's scope is such a subtree. Guards
 * against cycles in bad data: each unit is visited once.
 */
export function subtreeIds(units: readonly TreeUnit[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId);
    if (list) list.push(u.id);
    else children.set(u.parentId, [u.id]);
  }
  const out = new Set<string>();
  if (!units.some((u) => u.id === rootId)) return out;
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const c of children.get(id) ?? []) stack.push(c);
  }
  return out;
}

/** Whether `unitId` lies in the subtree rooted at `scopeRootId` (a unit is in its own scope). */
export function isInSubtree(
  units: readonly TreeUnit[],
  scopeRootId: string,
  unitId: string,
): boolean {
  return subtreeIds(units, scopeRootId).has(unitId);
}

/** The chain from the root down to `unitId` (for breadcrumbs such as 省 › 市 › 县). */
export function ancestry<T extends TreeUnit>(units: readonly T[], unitId: string): T[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain: T[] = [];
  const seen = new Set<string>();
  let current = byId.get(unitId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return chain;
}

export interface UnitTreeNode<T extends TreeUnit> {
  unit: T;
  children: UnitTreeNode<T>[];
}

/**
 * Nests a flat list. Units whose parent is missing from the list (outside the caller's view)
 * become roots, so a supervisor sees their scope as a tree of its own. A cycle in bad data is
 * broken at its first unit in list order, which becomes a root.
 */
export function buildUnitTree<T extends TreeUnit>(units: readonly T[]): UnitTreeNode<T>[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as UnitTreeNode<T>[] }]));
  const roots: UnitTreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const reached = new Set<string>();
  const mark = (from: UnitTreeNode<T>) => {
    const stack = [from];
    while (stack.length > 0) {
      const n = stack.pop()!;
      reached.add(n.unit.id);
      for (const c of n.children) if (!reached.has(c.unit.id)) stack.push(c);
    }
  };
  roots.forEach(mark);
  for (const node of nodes.values()) {
    if (reached.has(node.unit.id)) continue;
    const parent = nodes.get(node.unit.parentId!)!;
    parent.children = parent.children.filter((c) => c !== node);
    roots.push(node);
    mark(node);
  }
  return roots;
}
