import type { Unit } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { unitVisibleTo } from '../authz/policy';

/** Units the caller may see, parents before children (ordered by depth, then code). */
export async function listUnits(db: Database, user: SessionUser): Promise<Unit[]> {
  const rows = await db
    .selectFrom('units')
    .select(['id', 'parent_id', 'name', 'kind', 'code'])
    .where(unitVisibleTo(user))
    .orderBy((eb) => eb.fn('length', ['path']))
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind,
    code: r.code,
  }));
}
