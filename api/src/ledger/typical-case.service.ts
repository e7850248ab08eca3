import { randomUUID } from 'node:crypto';
import { LedgerTypicalCaseInput, openTypicalCase, type LedgerListRow } from '@ducha/shared';
import { auditBy, recordAudit } from '../audit/audit.service';
import { unitVisibleTo } from '../authz/policy';
import { jsonb } from '../db/json';
import type { AppDeps } from '../deps';
import { AppError, notFound } from '../trpc/errors';
import { listRow } from './ledger-row';
import { visibleItemRow } from './ledger-item.service';
import { ledgerDb } from './ledger.tables';
import type { Actor } from './ledger-write.service';

/*
 * 以案促改 (典型领改): a supervisor pushes the case behind an item (its finding) to similar units
 * of their scope. Each unit gets its own open item, linked to the same finding and marked as a
 * typical case, so it runs the machine like any other and counts for that unit.
 */
export async function pushTypicalCase(
  deps: AppDeps,
  actor: Actor,
  raw: LedgerTypicalCaseInput,
): Promise<LedgerListRow[]> {
  const input = LedgerTypicalCaseInput.parse(raw);
  const now = deps.clock.now();
  const at = now.toISOString();
  const me = { id: actor.user.id, role: actor.user.role };
  const ids = await deps.db.transaction().execute(async (tx) => {
    const source = await visibleItemRow(tx, actor.user, input.id);
    if (!source) throw notFound();
    if (!source.finding_id) throw new AppError('BAD_REQUEST', 'ledger.typical_case_no_finding');
    const unitIds = [...new Set(input.unitIds)];
    const units = await tx
      .selectFrom('units')
      .select('units.id')
      .where('units.id', 'in', unitIds)
      .where(unitVisibleTo(actor.user))
      .execute();
    if (units.length !== unitIds.length) throw notFound();
    const title = `以案促改：${source.title}`.slice(0, 200);
    const rows = [];
    for (const unitId of unitIds) {
      const opened = openTypicalCase(
        {
          responsibleUnitId: unitId,
          responsiblePerson: input.responsiblePerson,
          kind: input.kind,
          deadline: input.deadline,
        },
        me,
        at,
      );
      if (!opened.ok) {
        throw new AppError('FORBIDDEN', opened.error.messageKey, { params: opened.error.params });
      }
      const item = opened.item;
      rows.push({
        id: randomUUID(),
        finding_id: source.finding_id,
        talk_record_id: null,
        title,
        measures: input.measures,
        responsible_unit_id: unitId,
        responsible_person: item.responsiblePerson,
        kind: item.kind,
        deadline: item.deadline,
        status: item.status,
        progress: jsonb(item.progress),
        verifications: jsonb(item.verifications),
        history: jsonb(item.history),
        relapse_count: 0,
        closed_at: null,
        created_by: actor.user.id,
        created_at: at,
        updated_at: at,
        typical_case: true,
      });
    }
    await ledgerDb(tx).insertInto('rectification_items').values(rows).execute();
    for (const r of rows) {
      await recordAudit(tx, {
        ...auditBy(actor, now),
        action: 'ledger.typical_case',
        entity: 'rectification_item',
        entityId: r.id,
        details: {
          sourceItemId: source.id,
          findingId: source.finding_id,
          unitId: r.responsible_unit_id,
        },
      });
    }
    return rows.map((r) => r.id);
  });
  const out: LedgerListRow[] = [];
  for (const id of ids) {
    const row = await visibleItemRow(deps.db, actor.user, id);
    if (row) out.push(listRow(row, now));
  }
  return out;
}
