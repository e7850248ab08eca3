import type { Unit } from '@ducha/shared';
import { byChineseName, byCodeUnit } from '$lib/format/compare';

export interface UnitRow {
  unit: Unit;
  depth: number;
}

/**
 * Depth-first order of the visible units, children under their parent. A unit whose parent is
 * not visible to the caller (a supervisor's scope root) starts a tree of its own.
 */
export function flattenUnitTree(units: readonly Unit[]): UnitRow[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const rows: UnitRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => byCodeUnit(a.code, b.code) || byChineseName(a.name, b.name),
    );
    for (const unit of list) {
      rows.push({ unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}
