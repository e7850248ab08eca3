import { sql } from 'kysely';
import {
  LEDGER_STATUSES,
  LedgerListInput,
  cstDay,
  type LedgerListPage,
  type LedgerStatus,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { ledgerOrder, ledgerWhere, overdueOn } from './ledger-filter';
import { listRow, type ListRowSource } from './ledger-row';

/** The columns of a list row (also the export's), over `r` and `ru`. */
export const LIST_COLUMNS = sql<ListRowSource>`r.id, r.title, r.status, r.kind, r.deadline,
  r.responsible_unit_id, ru.name as unit_name, r.responsible_person,
  (select fp.category from finding_projection fp where fp.finding_id = r.finding_id) as category,
  r.finding_id, r.relapse_count, r.created_at, r.updated_at`;

/**
 * One page of the ledger in the caller's scope, the total, and the counts per status (the
 * status filter aside, for the chips) with how many of the shown statuses are overdue.
 */
export async function listLedger(
  db: Database,
  user: SessionUser,
  raw: LedgerListInput,
  now: Date,
): Promise<LedgerListPage> {
  const input = LedgerListInput.parse(raw);
  const { filter } = input;
  const where = ledgerWhere(db, user, filter, now);
  const offset = (input.page - 1) * input.pageSize;
  // The page and the counts are independent questions: on PostgreSQL they run side by side.
  const rowsQuery = sql<ListRowSource>`select ${LIST_COLUMNS}
    from rectification_items r join units ru on ru.id = r.responsible_unit_id
    where ${where}
    order by ${ledgerOrder(input.sort, input.desc)}
    limit ${input.pageSize} offset ${offset}`.execute(db);
  const countsQuery = sql<{ status: LedgerStatus; n: number; overdue: number }>`
    select r.status, count(*)::int as n,
      count(*) filter (where ${overdueOn(cstDay(now))})::int as overdue
    from rectification_items r join units ru on ru.id = r.responsible_unit_id
    where ${ledgerWhere(db, user, filter, now, { withStatus: false })}
    group by r.status`.execute(db);
  const [rows, counts] = await Promise.all([rowsQuery, countsQuery]);

  const shown = new Set<LedgerStatus>(
    filter.statuses && filter.statuses.length > 0 ? filter.statuses : LEDGER_STATUSES,
  );
  const statusCounts: LedgerListPage['statusCounts'] = {};
  let total = 0;
  let overdueCount = 0;
  for (const c of counts.rows) {
    statusCounts[c.status] = c.n;
    if (shown.has(c.status)) {
      total += c.n;
      overdueCount += c.overdue;
    }
  }
  return {
    rows: rows.rows.map((r) => listRow(r, now)),
    total,
    page: input.page,
    pageSize: input.pageSize,
    statusCounts,
    overdueCount,
  };
}
