import type {
  Unit,
  UnitAdminCreateInput,
  UnitAdminUpdateInput,
  UnitMoveInput,
} from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import { auditBy, recordAudit } from '../audit/audit.service';
import { sqlState, UNIQUE_VIOLATION } from '../db/errors';
import { AppError, invalidFields, notFound } from '../trpc/errors';
import type { Actor } from '../user/user.service';

/*
 * The unit tree, for administrators. The database keeps the materialised paths, refuses cycles
 * (migration 0001) and moves devices' and supervisors' access along with a moved subtree
 * (migrations 0005, 0006); this service checks first so that people get a clear message.
 */

const COLUMNS = ['id', 'parent_id', 'name', 'kind', 'code'] as const;

function toUnit(r: {
  id: string;
  parent_id: string | null;
  name: string;
  kind: Unit['kind'];
  code: string;
}): Unit {
  return { id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind, code: r.code };
}

function codeTaken(err: unknown): never {
  if (sqlState(err) === UNIQUE_VIOLATION) {
    throw new AppError('CONFLICT', 'unit.code_taken', { cause: err });
  }
  throw err;
}

async function parentExists(db: Database, parentId: string | null): Promise<boolean> {
  if (parentId === null) return true;
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('id', '=', parentId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function createUnit(deps: AppDeps, actor: Actor, input: UnitAdminCreateInput) {
  const now = deps.clock.now();
  if (!(await parentExists(deps.db, input.parentId))) {
    throw invalidFields([{ path: 'parentId', messageKey: 'common.not_found' }]);
  }
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('units')
        .values({
          parent_id: input.parentId,
          name: input.name,
          kind: input.kind,
          code: input.code,
          created_at: now,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        ...auditBy(actor, now),
        action: 'unit.create',
        entity: 'unit',
        entityId: row.id,
        details: { parentId: row.parent_id, kind: row.kind },
      });
      return toUnit(row);
    });
  } catch (err) {
    return codeTaken(err);
  }
}

export async function updateUnit(deps: AppDeps, actor: Actor, input: UnitAdminUpdateInput) {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('units')
        .select(COLUMNS)
        .where('id', '=', input.id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound();
      const row = await tx
        .updateTable('units')
        .set({
          name: input.name ?? current.name,
          kind: input.kind ?? current.kind,
          code: input.code ?? current.code,
        })
        .where('id', '=', input.id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      const changed = (['name', 'kind', 'code'] as const).filter((k) => row[k] !== current[k]);
      await recordAudit(tx, {
        ...auditBy(actor, now),
        action: 'unit.update',
        entity: 'unit',
        entityId: row.id,
        details: { changed },
      });
      return toUnit(row);
    });
  } catch (err) {
    return codeTaken(err);
  }
}

/** Moves a unit and its subtree under another parent (null: a root of its own). */
export async function moveUnit(deps: AppDeps, actor: Actor, input: UnitMoveInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const unit = await tx
      .selectFrom('units')
      .select([...COLUMNS, 'path'])
      .where('id', '=', input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!unit) throw notFound();
    if (input.parentId !== null) {
      const parent = await tx
        .selectFrom('units')
        .select('path')
        .where('id', '=', input.parentId)
        .executeTakeFirst();
      if (!parent) throw invalidFields([{ path: 'parentId', messageKey: 'common.not_found' }]);
      if (parent.path.startsWith(unit.path)) {
        throw invalidFields([{ path: 'parentId', messageKey: 'unit.move_cycle' }]);
      }
    }
    const row = await tx
      .updateTable('units')
      .set({ parent_id: input.parentId })
      .where('id', '=', input.id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'unit.move',
      entity: 'unit',
      entityId: row.id,
      details: { fromParentId: unit.parent_id, toParentId: input.parentId },
    });
    return toUnit(row);
  });
}
