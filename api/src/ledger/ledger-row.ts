import {
  effectiveDeadline,
  isOverdue,
  type FindingCategory,
  type LedgerHistoryEntry,
  type LedgerListRow,
  type LedgerState,
  type ProgressReport,
  type RectificationItem,
  type Verification,
} from '@ducha/shared';
import type { RectificationItemsTable } from '../db/schema';
import type { Selectable } from 'kysely';

/** A rectification_items row as the database hands it back. */
export type ItemRow = Selectable<RectificationItemsTable>;

/** The part of a row the shared machine works on. */
export function stateOf(row: ItemRow): LedgerState {
  return {
    status: row.status,
    kind: row.kind,
    deadline: row.deadline,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    relapseCount: row.relapse_count,
    progress: row.progress as ProgressReport[],
    verifications: row.verifications as Verification[],
    history: row.history as LedgerHistoryEntry[],
  };
}

/** A row as the shared `RectificationItem`. */
export function toLedgerItem(row: ItemRow): RectificationItem {
  return {
    id: row.id,
    findingId: row.finding_id,
    talkRecordId: row.talk_record_id,
    title: row.title,
    measures: row.measures,
    responsibleUnitId: row.responsible_unit_id,
    responsiblePerson: row.responsible_person,
    createdBy: row.created_by,
    ...stateOf(row),
  };
}

export interface ListRowSource {
  id: string;
  title: string;
  status: LedgerListRow['status'];
  kind: LedgerListRow['kind'];
  deadline: string | null;
  responsible_unit_id: string;
  unit_name: string;
  responsible_person: string;
  category: string | null;
  finding_id: string | null;
  relapse_count: number;
  created_at: Date;
  updated_at: Date;
}

/** A list row, with overdue computed by the shared rule at `now`. */
export function listRow(r: ListRowSource, now: Date): LedgerListRow {
  const createdAt = r.created_at.toISOString();
  const basis = { status: r.status, kind: r.kind, deadline: r.deadline, createdAt };
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    kind: r.kind,
    deadline: r.deadline,
    effectiveDeadline: effectiveDeadline(basis),
    overdue: isOverdue(basis, now),
    responsibleUnit: { id: r.responsible_unit_id, name: r.unit_name },
    responsiblePerson: r.responsible_person,
    category: r.category as FindingCategory | null,
    findingId: r.finding_id,
    relapseCount: r.relapse_count,
    createdAt,
    updatedAt: r.updated_at.toISOString(),
  };
}
