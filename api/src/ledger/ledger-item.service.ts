import { sql } from 'kysely';
import type { LedgerHistoryEntry, LedgerItemDetail, LedgerVerdictSummary } from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { planVisibleTo } from '../authz/policy';
import type { Database } from '../db/database';
import { notFound } from '../trpc/errors';
import { ledgerVisibleTo } from './ledger-access';
import { LIST_COLUMNS } from './ledger-list.service';
import { listRow, type ItemRow, type ListRowSource } from './ledger-row';

type DetailRow = ListRowSource & ItemRow & { typical_case: boolean };

/** The item if the caller may see it (else undefined: a hidden item is a missing one). */
export async function visibleItemRow(
  db: Database,
  user: SessionUser,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<DetailRow | undefined> {
  const lock = opts.forUpdate ? sql`for update of r` : sql``;
  const res = await sql<DetailRow>`select r.*, ${LIST_COLUMNS}
    from rectification_items r join units ru on ru.id = r.responsible_unit_id
    where r.id = ${id} and ${ledgerVisibleTo(db, user)} ${lock}`.execute(db);
  return res.rows[0];
}

/** 回头看 verdicts given on the item, in plans the caller may see. */
async function verdictsOf(
  db: Database,
  user: SessionUser,
  itemId: string,
): Promise<LedgerVerdictSummary[]> {
  const visiblePlans = db.selectFrom('plans').select('plans.id').where(planVisibleTo(user));
  const rows = await sql<{ id: string; plan_id: string | null; fields: Record<string, unknown> }>`
    select s.id, s.plan_id, s.fields from sync_records s
    where s.type = 'verdict' and s.fields->>'targetId' = ${itemId}
      and s.fields->>'targetKind' = 'rectification' and s.deleted is null
      and s.plan_id in (${visiblePlans})
    order by s.fields->>'judgedAt', s.id`.execute(db);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return rows.rows.map((r) => ({
    id: r.id,
    verdict: str(r.fields.verdict),
    comment: str(r.fields.comment) ?? '',
    judgedBy: str(r.fields.judgedBy),
    judgedAt: str(r.fields.judgedAt),
    planId: r.plan_id,
  }));
}

/** A verdict record on the item that the caller may see, or undefined. */
export async function visibleVerdict(
  db: Database,
  user: SessionUser,
  itemId: string,
  verdictId: string,
): Promise<LedgerVerdictSummary | undefined> {
  return (await verdictsOf(db, user, itemId)).find((v) => v.id === verdictId);
}

export async function getLedgerItem(
  db: Database,
  user: SessionUser,
  id: string,
  now: Date,
): Promise<LedgerItemDetail> {
  const row = await visibleItemRow(db, user, id);
  if (!row) throw notFound();
  const finding = row.finding_id
    ? await sql<{ id: string; title: string; category: string | null; severity: string | null }>`
        select fp.finding_id as id, fp.title, fp.category, fp.severity
        from finding_projection fp where fp.finding_id = ${row.finding_id} and not fp.deleted`
        .execute(db)
        .then((r) => r.rows[0] ?? null)
    : null;
  const verdicts = await verdictsOf(db, user, id);
  const history = row.history as LedgerHistoryEntry[];
  const progress = row.progress as LedgerItemDetail['progress'];
  const verifications = row.verifications as LedgerItemDetail['verifications'];
  const ids = new Set<string>([row.created_by]);
  for (const h of history) ids.add(h.by);
  for (const p of progress) ids.add(p.reportedBy);
  for (const v of verifications) ids.add(v.verifiedBy);
  for (const v of verdicts) if (v.judgedBy) ids.add(v.judgedBy);
  const users = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
  return {
    ...listRow(row, now),
    measures: row.measures,
    talkRecordId: row.talk_record_id,
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    createdBy: row.created_by,
    typicalCase: row.typical_case,
    finding,
    progress,
    verifications,
    history,
    verdicts,
    people: Object.fromEntries(users.map((u) => [u.id, u.display_name])),
  };
}
