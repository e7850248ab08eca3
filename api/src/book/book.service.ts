import type {
  BookSaveInput,
  BookSummary,
  ResponsibilityBook,
  ResponsibilityPoint,
} from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import type { SessionUser } from '../auth/session.service';
import { bookUnitsFor } from '../authz/policy';
import { auditBy, recordAudit } from '../audit/audit.service';
import { jsonb } from '../db/json';
import { sqlState, UNIQUE_VIOLATION } from '../db/errors';
import { AppError, notFound } from '../trpc/errors';
import type { Actor } from '../user/user.service';

/*
 * 一书双卡: a unit's responsibility book for a year, saved whole (points included) with
 * optimistic concurrency on `version`. Kept by supervisors for their scope and by
 * administrators (authz/policy.ts bookUnitsFor); a unit outside that answers "not found".
 */

async function assertUnit(db: Database, user: SessionUser, unitId: string): Promise<void> {
  const unit = await db
    .selectFrom('units')
    .select('id')
    .where('id', '=', unitId)
    .where(bookUnitsFor(user))
    .executeTakeFirst();
  if (!unit) throw notFound();
}

export async function listBooks(
  db: Database,
  user: SessionUser,
  unitId: string,
): Promise<BookSummary[]> {
  await assertUnit(db, user, unitId);
  const rows = await db
    .selectFrom('responsibility_books')
    .select(['id', 'unit_id', 'year', 'title', 'points', 'updated_at'])
    .where('unit_id', '=', unitId)
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => {
    const points = r.points as ResponsibilityPoint[];
    return {
      id: r.id,
      unitId: r.unit_id,
      year: r.year,
      title: r.title,
      responsibilityCount: points.filter((p) => p.card === 'responsibility').length,
      riskCount: points.filter((p) => p.card === 'risk').length,
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

export async function getBook(
  db: Database,
  user: SessionUser,
  unitId: string,
  year: number,
): Promise<ResponsibilityBook> {
  await assertUnit(db, user, unitId);
  const row = await db
    .selectFrom('responsibility_books as b')
    .leftJoin('users as u', 'u.id', 'b.updated_by')
    .selectAll('b')
    .select('u.display_name')
    .where('b.unit_id', '=', unitId)
    .where('b.year', '=', year)
    .executeTakeFirst();
  if (!row) throw notFound();
  return {
    id: row.id,
    unitId: row.unit_id,
    year: row.year,
    title: row.title,
    commitments: row.commitments,
    points: row.points as ResponsibilityPoint[],
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    updatedByName: row.display_name,
  };
}

export async function saveBook(
  deps: AppDeps,
  actor: Actor,
  input: BookSaveInput,
): Promise<ResponsibilityBook> {
  await assertUnit(deps.db, actor.user, input.unitId);
  const now = deps.clock.now();
  const values = {
    title: input.title,
    commitments: input.commitments,
    points: jsonb(input.points),
    updated_by: actor.user.id,
    updated_at: now,
  };
  try {
    await deps.db.transaction().execute(async (tx) => {
      let id: string;
      let version: number;
      if (input.baseVersion === null) {
        const row = await tx
          .insertInto('responsibility_books')
          .values({
            ...values,
            unit_id: input.unitId,
            year: input.year,
            created_by: actor.user.id,
            created_at: now,
          })
          .returning(['id', 'version'])
          .executeTakeFirstOrThrow();
        ({ id, version } = row);
      } else {
        const row = await tx
          .updateTable('responsibility_books')
          .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
          .where('unit_id', '=', input.unitId)
          .where('year', '=', input.year)
          .where('version', '=', input.baseVersion)
          .returning(['id', 'version'])
          .executeTakeFirst();
        if (!row) throw new AppError('CONFLICT', 'book.stale');
        ({ id, version } = row);
      }
      await recordAudit(tx, {
        ...auditBy(actor, now),
        action: 'book.save',
        entity: 'responsibility_book',
        entityId: id,
        details: {
          unitId: input.unitId,
          year: input.year,
          version,
          responsibilityPoints: input.points.filter((p) => p.card === 'responsibility').length,
          riskPoints: input.points.filter((p) => p.card === 'risk').length,
        },
      });
    });
  } catch (err) {
    // Someone created the same unit's book for the year first.
    if (sqlState(err) === UNIQUE_VIOLATION) {
      throw new AppError('CONFLICT', 'book.stale', { cause: err });
    }
    throw err;
  }
  return getBook(deps.db, actor.user, input.unitId, input.year);
}
