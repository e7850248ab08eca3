import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  FINDING_RESPONSIBLE_PERSON,
  InspectionStatus,
  ProposedRectification,
  canChangeInspectionStatus,
  findingLedgerTitle,
  openFromFinding,
  type ReviewApproveResult,
  type ReviewReturnInput,
  type SyncRecord,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import { recordAudit } from '../audit/audit.service';
import { planReviewableBy } from '../authz/policy';
import type { AppDeps } from '../deps';
import type { DB } from '../db/schema';
import { jsonb } from '../db/json';
import { writeServerRecords } from '../sync/server-records';
import { withRetry } from '../sync/sync-errors';
import { loadRecordsForUpdate } from '../sync/sync-record.store';
import { syncDb, type SyncDatabase } from '../sync/sync.schema';
import { AppError, notFound } from '../trpc/errors';
import { changeNotifier } from './change-notifier';
import { toLedgerItem } from '../ledger/ledger-row';
import { scoreVisits, visitsToScore } from './visit-score';

/*
 * A reviewer's two decisions on a submitted visit, written as the server through the sync
 * records (server-records.ts) so the team's phones pull them at their next sync:
 * - 退回修改 (return): the semantics of the `inspection.return` mutation, which the phone shows
 *   per item: status `returned`, remarks appended to `reviewComments` stamped with reviewer and
 *   time.
 * - 审核通过 (approve): status `approved`; every live finding of the visit with a proposed
 *   rectification becomes a 整改台账 item (交办, through the shared machine), with history and
 *   audit, in the same transaction. Approving an approved visit again writes nothing.
 * The visit record is locked first, so two reviewers deciding at once are serialised; the hint to
 * open screens goes out after the commit.
 */

interface Locked {
  trx: SyncDatabase;
  plain: Kysely<DB>;
  visit: SyncRecord;
  status: InspectionStatus | null;
}

async function decide<T>(
  deps: AppDeps,
  user: SessionUser,
  inspectionId: string,
  work: (l: Locked) => Promise<T>,
): Promise<{ result: T; planId: string }> {
  const out = await withRetry(() =>
    syncDb(deps.db)
      .transaction()
      .execute(async (trx) => {
        const plain = trx as unknown as Kysely<DB>;
        const loaded = await loadRecordsForUpdate(trx, [{ type: 'inspection', id: inspectionId }]);
        const visit = [...loaded.values()][0];
        if (!visit || visit.deleted || visit.planId === null) throw notFound();
        const reviewable = await plain
          .selectFrom('plans')
          .select('plans.id')
          .where('plans.id', '=', visit.planId)
          .where(planReviewableBy(user))
          .forShare()
          .executeTakeFirst();
        if (!reviewable) throw notFound();
        const parsed = InspectionStatus.safeParse(visit.fields.status);
        const status = parsed.success ? parsed.data : null;
        return { result: await work({ trx, plain, visit, status }), planId: visit.planId };
      }),
  );
  changeNotifier(deps).publish([out.planId]);
  return out;
}

function notSubmitted(): AppError {
  return new AppError('CONFLICT', 'review.not_submitted');
}

export async function returnVisit(
  deps: AppDeps,
  user: SessionUser,
  input: ReviewReturnInput,
): Promise<{ inspectionId: string; status: 'returned' }> {
  const at = deps.clock.now().toISOString();
  await decide(deps, user, input.id, async ({ trx, plain, visit, status }) => {
    if (status === null || !canChangeInspectionStatus(status, 'returned')) throw notSubmitted();
    const remarks = [
      ...(input.reason.trim() === '' ? [] : [{ itemId: null, text: input.reason.trim() }]),
      ...input.comments,
    ].map((c) => ({ itemId: c.itemId, text: c.text, by: user.id, at }));
    const earlier = Array.isArray(visit.fields.reviewComments) ? visit.fields.reviewComments : [];
    await writeServerRecords(trx, [
      {
        ...visit,
        fields: {
          ...visit.fields,
          status: 'returned',
          returnedAt: at,
          returnedBy: user.id,
          reviewComments: [...earlier, ...remarks],
        },
      },
    ]);
    await recordAudit(plain, {
      at: new Date(at),
      actorId: user.id,
      actorRole: user.role,
      action: 'inspection.return',
      entity: 'inspection',
      entityId: visit.id,
      requestId: null,
      ip: null,
      details: { planId: visit.planId, comments: remarks.length },
    });
  });
  return { inspectionId: input.id, status: 'returned' };
}

/** Whether `user` started or submitted the visit: nobody approves their own work. */
function isOwnVisit(visit: SyncRecord, user: SessionUser): boolean {
  return visit.fields.startedBy === user.id || visit.fields.submittedBy === user.id;
}

export async function approveVisit(
  deps: AppDeps,
  user: SessionUser,
  inspectionId: string,
): Promise<ReviewApproveResult> {
  const at = deps.clock.now().toISOString();
  const { result } = await decide(
    deps,
    user,
    inspectionId,
    async ({ trx, plain, visit, status }) => {
      if (isOwnVisit(visit, user)) throw new AppError('FORBIDDEN', 'review.own_visit');
      if (status === 'approved') return existingItems(plain, inspectionId);
      if (status === null || !canChangeInspectionStatus(status, 'approved')) throw notSubmitted();
      const [stored] = await writeServerRecords(trx, [
        {
          ...visit,
          fields: { ...visit.fields, status: 'approved', approvedAt: at, approvedBy: user.id },
        },
      ]);
      await scoreVisits(plain, visitsToScore([stored!]));
      await openLedgerItems(plain, user, visit, at);
      // The plan is done once every visit of it is approved (its team then has nothing left).
      await sql`update plans set status = 'done', updated_at = now()
      where id = ${visit.planId} and status in ('planned', 'in_progress')
        and not exists (select 1 from visit_projection v
          where v.plan_id = ${visit.planId} and not v.deleted and v.status <> 'approved')`.execute(
        plain,
      );
      await recordAudit(plain, {
        at: new Date(at),
        actorId: user.id,
        actorRole: user.role,
        action: 'inspection.approve',
        entity: 'inspection',
        entityId: visit.id,
        requestId: null,
        ip: null,
        details: { planId: visit.planId },
      });
      return existingItems(plain, inspectionId);
    },
  );
  return { inspectionId, status: 'approved', ledgerItems: result };
}

async function existingItems(db: Kysely<DB>, inspectionId: string) {
  const rows = await db
    .selectFrom('rectification_items')
    .selectAll()
    .where(
      sql<boolean>`finding_id::text in (select s.id from sync_records s where s.type = 'finding'
        and s.fields->>'inspectionId' = ${inspectionId})`,
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toLedgerItem);
}

/**
 * The 整改台账 items of the visit's findings that propose a rectification, one per finding and
 * never twice. The responsible unit is the finding's when it lies within the plan's target unit,
 * else the target unit itself: a device cannot assign work to a unit the visit did not cover.
 */
async function openLedgerItems(
  db: Kysely<DB>,
  user: SessionUser,
  visit: SyncRecord,
  at: string,
): Promise<void> {
  const { rows } = await sql<{ id: string; fields: Record<string, unknown>; unit_id: string }>`
    select s.id, s.fields, coalesce(fu.id, t.id) as unit_id
    from sync_records s
    join plans p on p.id = ${visit.planId}
    join units t on t.id = p.target_unit_id
    left join units fu on fu.id::text = s.fields->>'unitId' and fu.path like t.path || '%'
    where s.type = 'finding' and s.plan_id = ${visit.planId} and s.deleted is null
      and s.fields->>'inspectionId' = ${visit.id}
      and not exists (select 1 from rectification_items r where r.finding_id::text = s.id)
    order by s.id`.execute(db);
  const actor = { id: user.id, role: user.role };
  for (const row of rows) {
    const proposal = ProposedRectification.safeParse(row.fields.proposedRectification);
    if (!proposal.success) continue;
    const opened = openFromFinding(proposal.data, row.id, actor, at);
    // Refused by role: the whole decision rolls back.
    if (!opened.ok) {
      throw new AppError('FORBIDDEN', opened.error.messageKey, { params: opened.error.params });
    }
    const item = opened.item;
    const id = randomUUID();
    await db
      .insertInto('rectification_items')
      .values({
        id,
        finding_id: row.id,
        talk_record_id: null,
        title: findingLedgerTitle(String(row.fields.title ?? '')),
        measures: proposal.data.measures,
        responsible_unit_id: row.unit_id,
        responsible_person: FINDING_RESPONSIBLE_PERSON,
        kind: item.kind,
        deadline: item.deadline,
        status: item.status,
        progress: jsonb(item.progress),
        verifications: jsonb(item.verifications),
        history: jsonb(item.history),
        relapse_count: item.relapseCount,
        closed_at: item.closedAt,
        created_by: user.id,
        created_at: item.createdAt,
        updated_at: item.updatedAt,
      })
      .execute();
    await recordAudit(db, {
      at: new Date(at),
      actorId: user.id,
      actorRole: user.role,
      action: 'ledger.create',
      entity: 'rectification_item',
      entityId: id,
      requestId: null,
      ip: null,
      details: {
        event: 'finding.approved',
        kind: item.kind,
        findingId: row.id,
        inspectionId: visit.id,
      },
    });
  }
}
