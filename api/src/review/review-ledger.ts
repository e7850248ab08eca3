import type { Selectable } from 'kysely';
import type { LedgerHistoryEntry, RectificationItem } from '@ducha/shared';
import type { DB } from '../db/schema';

/** A `rectification_items` row as the shared `RectificationItem`. */
export function toLedgerItem(r: Selectable<DB['rectification_items']>): RectificationItem {
  return {
    id: r.id,
    findingId: r.finding_id,
    talkRecordId: r.talk_record_id,
    title: r.title,
    measures: r.measures,
    responsibleUnitId: r.responsible_unit_id,
    responsiblePerson: r.responsible_person,
    kind: r.kind,
    deadline: r.deadline,
    status: r.status,
    progress: r.progress as RectificationItem['progress'],
    verifications: r.verifications as RectificationItem['verifications'],
    history: r.history as LedgerHistoryEntry[],
    relapseCount: r.relapse_count,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
